package org.proximity.gateway.ad;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One AD structure {@code [length][type][data…]} (Core Spec Vol 3, Part C, 11).
 *
 * @param offset offset of the structure's length byte in the advertising data
 * @param type the AD type byte, 0..255 (see {@link AdType})
 * @param data the bytes after the type byte (length byte minus one); copied in and out
 */
public record AdStructure(int offset, int type, byte[] data) {

  public AdStructure {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    }
    if (type < 0 || type > 0xFF) {
      throw new IllegalArgumentException("type must be between 0 and 255, was " + type);
    }
    data = Objects.requireNonNull(data, "data").clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  /** The data without a copy, for this package's decoders; never modified. */
  byte[] dataUnsafe() {
    return data;
  }

  /** Number of data bytes, without copying them. */
  public int dataLength() {
    return data.length;
  }

  /** Offset just past this structure: where the next length byte is. */
  public int end() {
    return offset + 2 + data.length;
  }

  /** Data byte {@code i} as 0..255; callers check {@link #dataLength()} first. */
  int u8(int i) {
    return Byte.toUnsignedInt(data[i]);
  }

  /** Little-endian 16-bit value at data byte {@code i} (UUIDs and company IDs, docs/ble-advertising.md#byte-order). */
  int u16le(int i) {
    return u8(i) | u8(i + 1) << 8;
  }

  /** Whether data bytes {@code [from, from + expected.length)} equal {@code expected}. */
  boolean regionEquals(int from, byte[] expected) {
    return from >= 0
        && from + expected.length <= data.length
        && Arrays.equals(data, from, from + expected.length, expected, 0, expected.length);
  }

  byte[] copyOfRange(int from, int to) {
    return Arrays.copyOfRange(data, from, to);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AdStructure s
        && offset == s.offset
        && type == s.type
        && Arrays.equals(data, s.data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * offset + type) + Arrays.hashCode(data);
  }

  /** Prints the data length only: service and manufacturer data may hold a rolling ID. */
  @Override
  public String toString() {
    return "AdStructure[offset=" + offset + ", type=0x" + HexFormat.of().toHexDigits((byte) type)
        + ", dataLength=" + data.length + "]";
  }
}
