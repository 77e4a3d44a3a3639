package org.proximity.contract.rollingid;

import static org.proximity.contract.rollingid.Crypto.ascii;
import static org.proximity.contract.rollingid.Crypto.hmacSha256;
import static org.proximity.contract.rollingid.Crypto.requireLength;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Exposure Notification key schedule (docs/gaen.md#key-schedule; {@code CRYPTO.md} and
 * {@code crypto/KeyDerivation.java} in google/exposure-notifications-internals). Method names are
 * the spec's. The gateway itself only needs RPIs for tests and the simulator: it never sees a TEK.
 */
public final class GaenKeySchedule {

  public static final int TEK_LENGTH = 16;
  public static final int KEY_LENGTH = 16;
  public static final int RPI_LENGTH = 16;
  public static final int METADATA_LENGTH = 4;
  /** The most intervals one key covers (a day); {@link #rpis} regenerates at most that many at once. */
  public static final int TEK_ROLLING_PERIOD_MAX = EnIntervalNumber.TEK_ROLLING_PERIOD;

  private static final byte[] INFO_RPIK = ascii("EN-RPIK");
  private static final byte[] INFO_AEMK = ascii("EN-AEMK");
  private static final byte[] RPI_PREFIX = ascii("EN-RPI");
  // "no salt" in RFC 5869 means HashLen zero bytes (docs/gaen.md#key-schedule)
  private static final byte[] NO_SALT = new byte[32];

  private GaenKeySchedule() {}

  /** Rolling Proximity Identifier Key: HKDF-SHA256(TEK, no salt, "EN-RPIK", 16). */
  public static byte[] rpik(byte[] tek) {
    return hkdf16(requireLength(tek, TEK_LENGTH, "tek"), INFO_RPIK);
  }

  /** Associated Encrypted Metadata Key: HKDF-SHA256(TEK, no salt, "EN-AEMK", 16). */
  public static byte[] aemk(byte[] tek) {
    return hkdf16(requireLength(tek, TEK_LENGTH, "tek"), INFO_AEMK);
  }

  /** RPI_j = AES-128-ECB(RPIK, PaddedData_j). */
  public static byte[] rpi(byte[] rpik, int enIntervalNumber) {
    requireLength(rpik, KEY_LENGTH, "rpik");
    return aes("AES/ECB/NoPadding", rpik, null, paddedData(enIntervalNumber));
  }

  /**
   * RPI_j for {@code count} consecutive intervals from {@code firstInterval}, concatenated: one AES
   * key setup and one cipher call for a whole key, which is what a backend regenerating thousands of
   * diagnosis keys needs.
   *
   * @return {@code 16 × count} bytes, RPI_{firstInterval} first
   */
  public static byte[] rpis(byte[] rpik, int firstInterval, int count) {
    requireLength(rpik, KEY_LENGTH, "rpik");
    if (count < 0 || count > TEK_ROLLING_PERIOD_MAX || (long) firstInterval + count - 1 > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("count must be 0 to " + TEK_ROLLING_PERIOD_MAX
          + " intervals within uint31, was " + count + " from " + firstInterval);
    }
    byte[] blocks = new byte[RPI_LENGTH * count];
    for (int i = 0; i < count; i++) {
      System.arraycopy(paddedData(firstInterval + i), 0, blocks, RPI_LENGTH * i, RPI_LENGTH);
    }
    return aes("AES/ECB/NoPadding", rpik, null, blocks);
  }

  /** AEM_j = AES-128-CTR(AEMK, IV = RPI_j, metadata); the whole RPI is the first counter block. */
  public static byte[] aem(byte[] aemk, byte[] rpi, byte[] metadata) {
    requireLength(aemk, KEY_LENGTH, "aemk");
    requireLength(rpi, RPI_LENGTH, "rpi");
    requireLength(metadata, METADATA_LENGTH, "metadata");
    return aes("AES/CTR/NoPadding", aemk, new IvParameterSpec(rpi), metadata);
  }

  /** "EN-RPI" ‖ 0x00 × 6 ‖ ENIN as uint32 little-endian. */
  static byte[] paddedData(int enIntervalNumber) {
    if (enIntervalNumber < 0) {
      throw new IllegalArgumentException(
          "enIntervalNumber must be >= 0 (uint32), was " + enIntervalNumber);
    }
    return ByteBuffer.allocate(16)
        .order(ByteOrder.LITTLE_ENDIAN)
        .put(RPI_PREFIX)
        .put(new byte[6])
        .putInt(enIntervalNumber)
        .array();
  }

  // L = 16 < HashLen, so HKDF-Expand is the single step T(1) = HMAC(PRK, info ‖ 0x01)
  private static byte[] hkdf16(byte[] ikm, byte[] info) {
    byte[] prk = hmacSha256(NO_SALT, ikm);
    return Arrays.copyOf(hmacSha256(prk, info, new byte[] {0x01}), KEY_LENGTH);
  }

  private static byte[] aes(String transformation, byte[] key, IvParameterSpec iv, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance(transformation);
      SecretKeySpec spec = new SecretKeySpec(key, "AES");
      if (iv == null) {
        cipher.init(Cipher.ENCRYPT_MODE, spec);
      } else {
        cipher.init(Cipher.ENCRYPT_MODE, spec, iv);
      }
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has " + transformation, e);
    }
  }
}
