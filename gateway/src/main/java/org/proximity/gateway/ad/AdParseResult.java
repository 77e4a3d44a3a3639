package org.proximity.gateway.ad;

import java.util.List;

/**
 * What {@link AdParser} found.
 *
 * @param structures the well-formed structures, in order; on a fault, those before it
 * @param fault why the data is malformed, or {@code null} if it is not
 */
public record AdParseResult(List<AdStructure> structures, AdFault fault) {

  public AdParseResult {
    structures = List.copyOf(structures);
  }
}
