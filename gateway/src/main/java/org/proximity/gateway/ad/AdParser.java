package org.proximity.gateway.ad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits advertising data into AD structures (Core Spec Vol 3, Part C, 11). Never throws on a
 * non-null array: malformed data gives the structures before the fault plus the fault.
 */
public final class AdParser {

  /** Legacy AdvData is 0..31 bytes (Core Spec Vol 6, Part B, 2.3.1; protocols.md 1). */
  public static final int LEGACY_MAX_LENGTH = 31;

  /** Extended advertising carries at most 1650 bytes (Core Spec Vol 4, Part E, 7.8.54). */
  public static final int EXTENDED_MAX_LENGTH = 1650;

  private AdParser() {}

  /** Parses legacy advertising data; more than 31 bytes is a {@code too_long} fault at 31. */
  public static AdParseResult parse(byte[] advertisingData) {
    return parse(advertisingData, LEGACY_MAX_LENGTH);
  }

  /** Parses extended advertising data; more than 1650 bytes is a {@code too_long} fault. */
  public static AdParseResult parseExtended(byte[] advertisingData) {
    return parse(advertisingData, EXTENDED_MAX_LENGTH);
  }

  /*
   * A structural fault (length_past_end, missing_type) wins over too_long: it says why the list
   * stops. Over-long but well-formed data is still parsed to the end, so callers see all of it.
   */
  private static AdParseResult parse(byte[] data, int maxLength) {
    List<AdStructure> structures = new ArrayList<>(4);
    AdFault fault = null;
    int i = 0;
    while (i < data.length) {
      int length = Byte.toUnsignedInt(data[i]);
      if (length == 0) {
        break; // the rest is zero padding, not a fault (Core Spec Vol 3, Part C, 11)
      }
      if (i + 1 == data.length) {
        fault = new AdFault(i, AdFault.Reason.MISSING_TYPE);
        break;
      }
      int end = i + 1 + length;
      if (end > data.length) {
        fault = new AdFault(i, AdFault.Reason.LENGTH_PAST_END);
        break;
      }
      int type = Byte.toUnsignedInt(data[i + 1]);
      structures.add(new AdStructure(i, type, Arrays.copyOfRange(data, i + 2, end)));
      i = end;
    }
    if (fault == null && data.length > maxLength) {
      fault = new AdFault(maxLength, AdFault.Reason.TOO_LONG);
    }
    return new AdParseResult(structures, fault);
  }
}
