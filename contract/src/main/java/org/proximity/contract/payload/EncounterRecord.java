package org.proximity.contract.payload;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one rolling ID did in one bucket, ready to publish: the keyed hash (never the raw ID),
 * first and last sighting (second precision), the number of sightings, RSSI statistics and, for
 * GAEN, the encrypted metadata (AEM) sealed under the day key (docs/privacy.md): a backend holding
 * {@code K(d)} unseals it with the RPI it regenerates, then decrypts it with the TEK's AEMK.
 */
public record EncounterRecord(
    String id, String kind, Instant first, Instant last, int sightings, RssiSummary rssi, String aem) {

  // compiled once: String.matches compiles its pattern on every call, per record
  private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

  public EncounterRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("record id must be 32 lowercase hex characters");
    }
    if (last.isBefore(first)) {
      throw new IllegalArgumentException("last seen before first seen");
    }
    if (sightings < 1) {
      throw new IllegalArgumentException("a record needs at least one sighting");
    }
  }
}
