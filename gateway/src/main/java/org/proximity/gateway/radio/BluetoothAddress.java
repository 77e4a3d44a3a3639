package org.proximity.gateway.radio;

import java.util.HexFormat;

/**
 * A 48-bit Bluetooth device address (Core Specification Vol 6, Part B, 1.3), held as a long.
 *
 * <p>Privacy: {@link #toString()} never prints the address. Only {@link #toColonHex()} does, and
 * nothing that is logged or published may call it.
 */
public record BluetoothAddress(long value) {

  public BluetoothAddress {
    if ((value & ~0xFFFF_FFFF_FFFFL) != 0) {
      throw new IllegalArgumentException("address must fit in 48 bits, was " + Long.toHexString(value));
    }
  }

  /** Parses {@code AA:BB:CC:DD:EE:FF} (most significant byte first, as BlueZ writes it). */
  public static BluetoothAddress parse(String text) {
    String hex = text.replace(":", "").replace("_", "");
    if (hex.length() != 12) {
      throw new IllegalArgumentException("address must be 6 bytes as AA:BB:CC:DD:EE:FF");
    }
    return new BluetoothAddress(HexFormat.fromHexDigitsToLong(hex));
  }

  /** From 6 bytes in HCI order (least significant byte first). */
  public static BluetoothAddress fromLittleEndian(byte[] b, int offset) {
    return new BluetoothAddress(valueFromLittleEndian(b, offset));
  }

  /** The same as a {@link #value()}, with no object. */
  public static long valueFromLittleEndian(byte[] b, int offset) {
    long v = 0;
    for (int i = 5; i >= 0; i--) {
      v = (v << 8) | (b[offset + i] & 0xFF);
    }
    return v;
  }

  public String toColonHex() {
    StringBuilder s = new StringBuilder(17);
    for (int i = 5; i >= 0; i--) {
      s.append(String.format("%02X", (value >>> (8 * i)) & 0xFF));
      if (i > 0) {
        s.append(':');
      }
    }
    return s.toString();
  }

  @Override
  public String toString() {
    return "BluetoothAddress[redacted]";
  }
}
