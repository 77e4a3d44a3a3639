package org.proximity.gateway.radio.ll;

/**
 * The link layer's CRC-24 (Core Spec v5.3 Vol 6, Part B, 3.1.1): polynomial x^24 + x^10 + x^9 +
 * x^6 + x^4 + x^3 + x + 1 over the PDU (header and payload), shift register preset with CRCInit —
 * 0x555555 for every advertising channel PDU (Vol 6, Part B, 2.3 and 3.1.1). Bits go over the air
 * least significant bit of each byte first, so the register is run in reflected form: the preset
 * and the polynomial are bit-reversed, and the 24-bit result equals the three CRC bytes as captured,
 * read little-endian. Allocation-free and stateless.
 */
public final class BleCrc24 {
  /** CRCInit of advertising channel PDUs (Vol 6, Part B, 3.1.1). */
  public static final int ADVERTISING_CRC_INIT = 0x555555;
  /** x^10 + x^9 + x^6 + x^4 + x^3 + x + 1 (x^24 implied), bit-reversed over 24 bits: 0x00065B → 0xDA6000. */
  static final int POLYNOMIAL_REFLECTED = reverse24(0x00065B);

  private BleCrc24() {}

  /** The CRC of {@code buf[off, off + len)} with the given CRCInit, as the captured bytes read little-endian. */
  public static int compute(int crcInit, byte[] buf, int off, int len) {
    int state = reverse24(crcInit);
    for (int i = off; i < off + len; i++) {
      int b = buf[i] & 0xFF;
      for (int bit = 0; bit < 8; bit++) {
        boolean feedback = ((state ^ b) & 1) != 0;
        b >>>= 1;
        state >>>= 1;
        if (feedback) {
          state ^= POLYNOMIAL_REFLECTED;
        }
      }
    }
    return state;
  }

  /** Whether the three bytes after {@code buf[off, off + len)} are the right CRC of it. */
  public static boolean matches(int crcInit, byte[] buf, int off, int len) {
    int onAir = Byte.toUnsignedInt(buf[off + len])
        | Byte.toUnsignedInt(buf[off + len + 1]) << 8
        | Byte.toUnsignedInt(buf[off + len + 2]) << 16;
    return compute(crcInit, buf, off, len) == onAir;
  }

  static int reverse24(int v) {
    return Integer.reverse(v) >>> 8;
  }
}
