package org.proximity.gateway.ad;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * A typed view over the AD structures of one advertising payload (Core Spec Vol 3, Part C, 11;
 * data types in the Core Specification Supplement, Part A, 1). Allocation-conscious: {@link #wrap}
 * indexes the structures in place into reused arrays, and the accessors return primitives or
 * offsets into {@link #buffer()}. Only {@link #uuid}, {@link #name} and {@link #nameString} allocate.
 * Never throws on a malformed payload: what is wrong is reported by {@link #fieldFault} (and the
 * structural fault by {@link #faultReason}). Not thread-safe; one view per thread, reusable.
 *
 * <p>Structures are indexed {@code 0..count()-1} in payload order, as {@code AdParser} lists them.
 */
public final class AdView implements AdParser.Visitor {
  /** What an accessor returns when the value is absent. */
  public static final int ABSENT = Integer.MIN_VALUE;
  /** Apple manufacturer data type 0x01: the overflow area, a 16-byte bitmask (docs/bluezone.md#iphones). */
  public static final int APPLE_OVERFLOW_BITMASK_LENGTH = 16;
  /** The Bluetooth Base UUID 00000000-0000-1000-8000-00805F9B34FB (Core Spec Vol 3, Part B, 2.5.1). */
  static final long BASE_UUID_MSB_LOW = 0x0000_1000L;
  static final long BASE_UUID_LSB = 0x8000_0080_5F9B_34FBL;

  private byte[] buf = new byte[0];
  private int count;
  private int[] offsets = new int[16];
  private int[] types = new int[16];
  private int[] dataOffsets = new int[16];
  private int[] dataLengths = new int[16];
  private int fault = AdParser.NO_FAULT;

  /** Why one structure's data does not fit its type; wire names as in docs/decode.md. */
  public enum FieldFault {
    /** The data length does not fit the type (empty flags, TX power not 1 byte, UUID list not a multiple…). */
    BAD_LENGTH("bad_length"),
    /** A local name that is not well-formed UTF-8 (Supplement Part A, 1.2: names are UTF-8). */
    INVALID_UTF8("invalid_utf8");

    private final String wireName;

    FieldFault(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  /** Indexes legacy advertising data (more than 31 bytes is a {@code too_long} fault). */
  public AdView wrap(byte[] advertisingData) {
    return wrap(advertisingData, AdParser.LEGACY_MAX_LENGTH);
  }

  /** Indexes extended advertising data (up to 1650 bytes). */
  public AdView wrapExtended(byte[] advertisingData) {
    return wrap(advertisingData, AdParser.EXTENDED_MAX_LENGTH);
  }

  private AdView wrap(byte[] data, int maxLength) {
    buf = data;
    count = 0;
    fault = AdParser.walk(data, maxLength, this);
    return this;
  }

  @Override
  public void structure(int offset, int type, byte[] b, int dataOffset, int dataLength) {
    if (count == types.length) {
      int n = count * 2;
      offsets = Arrays.copyOf(offsets, n);
      types = Arrays.copyOf(types, n);
      dataOffsets = Arrays.copyOf(dataOffsets, n);
      dataLengths = Arrays.copyOf(dataLengths, n);
    }
    offsets[count] = offset;
    types[count] = type;
    dataOffsets[count] = dataOffset;
    dataLengths[count] = dataLength;
    count++;
  }

  /** The payload the view is over; never modified. */
  public byte[] buffer() {
    return buf;
  }

  public int count() {
    return count;
  }

  /** The structural fault ({@code AdParser}'s), or null. */
  public AdFault.Reason faultReason() {
    return fault == AdParser.NO_FAULT ? null : AdParser.faultReason(fault);
  }

  public int faultOffset() {
    return fault == AdParser.NO_FAULT ? -1 : AdParser.faultOffset(fault);
  }

  /** Offset of structure {@code s}'s length byte. */
  public int offset(int s) {
    return offsets[s];
  }

  public int type(int s) {
    return types[s];
  }

  /** Where structure {@code s}'s data (after the type byte) starts in {@link #buffer()}. */
  public int dataOffset(int s) {
    return dataOffsets[s];
  }

  public int dataLength(int s) {
    return dataLengths[s];
  }

  /** The first structure of {@code type}, or -1. */
  public int find(int type) {
    for (int s = 0; s < count; s++) {
      if (types[s] == type) {
        return s;
      }
    }
    return -1;
  }

  /** Flags (Supplement Part A, 1.3) as an unsigned little-endian integer of up to 4 octets, or {@link #ABSENT}. */
  public int flags() {
    int s = find(AdType.FLAGS);
    if (s < 0 || dataLengths[s] == 0) {
      return ABSENT;
    }
    int v = 0;
    for (int i = 0; i < Math.min(4, dataLengths[s]); i++) {
      v |= u8(dataOffsets[s] + i) << (8 * i);
    }
    return v;
  }

  /** TX Power Level in dBm, signed -127..127 (Supplement Part A, 1.5), or {@link #ABSENT}. */
  public int txPower() {
    int s = find(AdType.TX_POWER);
    return s < 0 || dataLengths[s] != 1 ? ABSENT : buf[dataOffsets[s]];
  }

  /**
   * The UUID width in bytes (2, 4 or 16) of a service UUID list (Supplement Part A, 1.1) or of
   * service data (1.11) in structure {@code s}; 0 for any other type.
   */
  public int uuidWidth(int s) {
    return switch (types[s]) {
      case AdType.UUID16_SOME, AdType.UUID16_ALL, AdType.SERVICE_DATA16 -> 2;
      case AdType.UUID32_SOME, AdType.UUID32_ALL, AdType.SERVICE_DATA32 -> 4;
      case AdType.UUID128_SOME, AdType.UUID128_ALL, AdType.SERVICE_DATA128 -> 16;
      default -> 0;
    };
  }

  public boolean isUuidList(int s) {
    return types[s] >= AdType.UUID16_SOME && types[s] <= AdType.UUID128_ALL;
  }

  /** Whether a UUID list is the complete one (odd types 0x03, 0x05, 0x07) rather than incomplete. */
  public boolean isCompleteList(int s) {
    return isUuidList(s) && (types[s] & 1) == 1;
  }

  public boolean isServiceData(int s) {
    return types[s] == AdType.SERVICE_DATA16 || types[s] == AdType.SERVICE_DATA32 || types[s] == AdType.SERVICE_DATA128;
  }

  /** Whole UUIDs in a list (a trailing partial UUID is a {@code bad_length} fault, not a UUID). */
  public int uuidCount(int s) {
    int w = uuidWidth(s);
    return w == 0 || !isUuidList(s) ? 0 : dataLengths[s] / w;
  }

  /** Offset in {@link #buffer()} of UUID {@code i} of a list, or of the service data's UUID ({@code i} = 0). */
  public int uuidOffset(int s, int i) {
    return dataOffsets[s] + i * uuidWidth(s);
  }

  /** A 16- or 32-bit UUID as its short value (little-endian on air); {@link #ABSENT} for a 128-bit one. */
  public long shortUuid(int s, int i) {
    int w = uuidWidth(s);
    if (w != 2 && w != 4) {
      return ABSENT;
    }
    int p = uuidOffset(s, i);
    long v = 0;
    for (int k = 0; k < w; k++) {
      v |= (long) u8(p + k) << (8 * k);
    }
    return v;
  }

  /** UUID {@code i} in full 128-bit form; short UUIDs on the Base UUID (Core Spec Vol 3, Part B, 2.5.1). Allocates. */
  public UUID uuid(int s, int i) {
    int w = uuidWidth(s);
    if (w != 16) {
      return new UUID(shortUuid(s, i) << 32 | BASE_UUID_MSB_LOW, BASE_UUID_LSB);
    }
    int p = uuidOffset(s, i);
    long lsb = 0;
    long msb = 0;
    for (int k = 0; k < 8; k++) {
      lsb |= (long) u8(p + k) << (8 * k);
      msb |= (long) u8(p + 8 + k) << (8 * k);
    }
    return new UUID(msb, lsb);
  }

  /** Offset of service data's payload (after its UUID) in {@link #buffer()}. */
  public int serviceDataOffset(int s) {
    return dataOffsets[s] + uuidWidth(s);
  }

  /** Length of service data's payload, or -1 when the data is shorter than its UUID. */
  public int serviceDataLength(int s) {
    return dataLengths[s] - uuidWidth(s) < 0 ? -1 : dataLengths[s] - uuidWidth(s);
  }

  /** Company ID of manufacturer data (Supplement Part A, 1.4; little-endian), or {@link #ABSENT}. */
  public int companyId(int s) {
    return types[s] != AdType.MANUFACTURER_DATA || dataLengths[s] < 2
        ? ABSENT : u8(dataOffsets[s]) | u8(dataOffsets[s] + 1) << 8;
  }

  /**
   * The structure holding Apple's background overflow area — manufacturer data for company 0x004C
   * whose first byte is 0x01, then a 16-byte bitmask with one hashed bit per hidden service UUID
   * (docs/bluezone.md#iphones) — or -1. The bitmask starts at {@link #dataOffset}{@code (s) + 3}.
   */
  public int appleOverflow() {
    for (int s = 0; s < count; s++) {
      if (companyId(s) == Classifier.APPLE_COMPANY && dataLengths[s] > 2
          && u8(dataOffsets[s] + 2) == Classifier.APPLE_OVERFLOW_AREA) {
        return s;
      }
    }
    return -1;
  }

  /** Whether bit {@code bit} (0..127, bit 0 = 0x01 of the first byte) of the overflow bitmask is set. */
  public boolean appleOverflowBit(int bit) {
    int s = appleOverflow();
    int p = bit >>> 3;
    return s >= 0 && bit >= 0 && p < dataLengths[s] - 3 && (buf[dataOffsets[s] + 3 + p] & (1 << (bit & 7))) != 0;
  }

  /** The complete local name's structure if there is one, else the shortened one's, else -1 (Supplement Part A, 1.2). */
  public int name() {
    int s = find(AdType.NAME_COMPLETE);
    return s >= 0 ? s : find(AdType.NAME_SHORT);
  }

  /** A name structure's text; ill-formed UTF-8 becomes U+FFFD (see {@link #invalidUtf8Offset}). Allocates. */
  public String nameString(int s) {
    return new String(buf, dataOffsets[s], dataLengths[s], StandardCharsets.UTF_8);
  }

  /** Offset in the payload of the first byte of an ill-formed UTF-8 sequence in structure {@code s}, or -1. */
  public int invalidUtf8Offset(int s) {
    return Utf8.firstInvalid(buf, dataOffsets[s], dataOffsets[s] + dataLengths[s]);
  }

  /** What is wrong with structure {@code s}'s data for its type, or null. */
  public FieldFault fieldFault(int s) {
    int n = dataLengths[s];
    return switch (types[s]) {
      case AdType.FLAGS -> n == 0 ? FieldFault.BAD_LENGTH : null;
      case AdType.TX_POWER -> n != 1 ? FieldFault.BAD_LENGTH : null;
      case AdType.NAME_SHORT, AdType.NAME_COMPLETE -> invalidUtf8Offset(s) >= 0 ? FieldFault.INVALID_UTF8 : null;
      case AdType.MANUFACTURER_DATA -> n < 2 ? FieldFault.BAD_LENGTH
          : s == appleOverflow() && n != 3 + APPLE_OVERFLOW_BITMASK_LENGTH ? FieldFault.BAD_LENGTH : null;
      default -> {
        int w = uuidWidth(s);
        if (w == 0) {
          yield null;
        }
        yield isUuidList(s) ? (n % w != 0 ? FieldFault.BAD_LENGTH : null) : (n < w ? FieldFault.BAD_LENGTH : null);
      }
    };
  }

  /** Where {@link #fieldFault} points: the first invalid UTF-8 byte, else the structure's length byte. */
  public int fieldFaultOffset(int s) {
    FieldFault f = fieldFault(s);
    return f == FieldFault.INVALID_UTF8 ? invalidUtf8Offset(s) : f == null ? -1 : offsets[s];
  }

  private int u8(int i) {
    return Byte.toUnsignedInt(buf[i]);
  }
}
