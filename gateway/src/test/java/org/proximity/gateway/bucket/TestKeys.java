package org.proximity.gateway.bucket;

import java.util.Arrays;

/** A cheap, deterministic stand-in for the day key: not a secure hash, only distinct per input. */
final class TestKeys {
  private TestKeys() {}

  static HashingKey forDay(long day) {
    return new HashingKey() {
      @Override
      public String keyId() {
        return String.format("%08x", day);
      }

      @Override
      public byte[] recordId(String kind, byte[] rawId) {
        byte[] out = Arrays.copyOf(rawId, 16);
        out[15] ^= (byte) (kind.equals("gaen") ? 0x5A : 0xA5);
        out[14] ^= (byte) rawId.length;
        out[0] ^= (byte) day;
        return out;
      }

      @Override
      public byte[] sealAem(byte[] rpi, byte[] aem) {
        byte[] out = aem.clone();
        out[0] ^= rpi[0];
        out[3] ^= (byte) day;
        return out;
      }
    };
  }
}
