package org.proximity.gateway.ad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits advertising data into AD structures (Core Spec Vol 3, Part C, 11). Never throws on a
 * non-null array: malformed data gives the structures before the fault plus the fault.
 */
public final class AdParser {
  /** Legacy AdvData is 0..31 bytes (Core Spec Vol 6, Part B, 2.3.1; docs/ble-advertising.md#ad-structures). */
  public static final int LEGACY_MAX_LENGTH = 31;
  /** Extended advertising carries at most 1650 bytes (Core Spec Vol 4, Part E, 7.8.54). */
  public static final int EXTENDED_MAX_LENGTH = 1650;
  /** {@link #walk}'s result when the data is well-formed. */
  static final int NO_FAULT = -1;
  private static final AdFault.Reason[] REASONS = AdFault.Reason.values();

  private AdParser() {}

  /** Parses legacy advertising data; more than 31 bytes is a {@code too_long} fault at 31. */
  public static AdParseResult parse(byte[] advertisingData) {
    return parse(advertisingData, LEGACY_MAX_LENGTH);
  }

  /** Parses extended advertising data; more than 1650 bytes is a {@code too_long} fault. */
  public static AdParseResult parseExtended(byte[] advertisingData) {
    return parse(advertisingData, EXTENDED_MAX_LENGTH);
  }

  /** Receives each well-formed structure: its offset, type, and where its data lies in {@code buf}. */
  @FunctionalInterface
  interface Visitor {
    void structure(int offset, int type, byte[] buf, int dataOffset, int dataLength);
  }

  /**
   * Walks the structures without allocating; returns {@link #NO_FAULT} or the fault encoded by
   * {@link #encodeFault}. A structural fault (length_past_end, missing_type) wins over too_long: it
   * says why the list stops. Over-long but well-formed data is still walked to the end, so callers
   * see all of it.
   */
  static int walk(byte[] data, int maxLength, Visitor visitor) {
    return walk(data, 0, data.length, maxLength, visitor);
  }

  /**
   * The same for the advertising data {@code data[from .. to)}: offsets of structures and faults
   * count from {@code from}, while each structure's data offset is an index into {@code data}.
   */
  static int walk(byte[] data, int from, int to, int maxLength, Visitor visitor) {
    int i = from;
    while (i < to) {
      int length = Byte.toUnsignedInt(data[i]);
      if (length == 0) {
        break; // the rest is zero padding, not a fault (Core Spec Vol 3, Part C, 11)
      }
      if (i + 1 == to) {
        return encodeFault(i - from, AdFault.Reason.MISSING_TYPE);
      }
      int end = i + 1 + length;
      if (end > to) {
        return encodeFault(i - from, AdFault.Reason.LENGTH_PAST_END);
      }
      visitor.structure(i - from, Byte.toUnsignedInt(data[i + 1]), data, i + 2, length - 1);
      i = end;
    }
    return to - from > maxLength ? encodeFault(maxLength, AdFault.Reason.TOO_LONG) : NO_FAULT;
  }

  static int encodeFault(int offset, AdFault.Reason reason) {
    return offset * REASONS.length + reason.ordinal();
  }

  static AdFault.Reason faultReason(int encoded) {
    return REASONS[encoded % REASONS.length];
  }

  static int faultOffset(int encoded) {
    return encoded / REASONS.length;
  }

  private static AdParseResult parse(byte[] data, int maxLength) {
    List<AdStructure> structures = new ArrayList<>(4);
    int fault = walk(data, maxLength, (offset, type, buf, from, n) ->
        structures.add(new AdStructure(offset, type, Arrays.copyOfRange(buf, from, from + n))));
    return new AdParseResult(structures,
        fault == NO_FAULT ? null : new AdFault(faultOffset(fault), faultReason(fault)));
  }
}
