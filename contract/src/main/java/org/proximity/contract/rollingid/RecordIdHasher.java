package org.proximity.contract.rollingid;

import static org.proximity.contract.rollingid.Crypto.ascii;
import static org.proximity.contract.rollingid.Crypto.requireLength;

import java.util.Arrays;
import javax.crypto.Mac;

/**
 * Record ids for one day: first 16 bytes of HMAC-SHA256(K(d), kind ‖ 0x00 ‖ raw ID)
 * (docs/privacy.md). Only kind and raw ID go in: the backend must recompute the value from published
 * keys alone, and the time bucket travels beside it (docs/privacy.md).
 *
 * <p><b>Not thread-safe:</b> it keeps one initialised {@link Mac} to avoid a key setup per ID. Use
 * it from one thread (the pipeline thread), one instance per day.
 */
public final class RecordIdHasher {

  public static final String GAEN = "gaen";
  public static final String BLUEZONE = "bluezone";
  public static final int RECORD_ID_LENGTH = 16;
  public static final int AEM_LENGTH = 4;

  private static final byte[] GAEN_TAG = tag(GAEN);
  private static final byte[] BLUEZONE_TAG = tag(BLUEZONE);
  private static final byte[] AEM_SEAL_TAG = tag("gaen-aem");

  private final long epochDay;
  private final String keyId;
  private final Mac mac;

  RecordIdHasher(DayKey dayKey) {
    this.epochDay = dayKey.epochDay();
    this.keyId = dayKey.keyId();
    this.mac = Crypto.init(Crypto.newHmac(), dayKey.key());
  }

  public long epochDay() {
    return epochDay;
  }

  /** The key id of the day, to publish beside each record. */
  public String keyId() {
    return keyId;
  }

  /**
   * @param kind {@link #GAEN} (rawId = 16-byte RPI) or {@link #BLUEZONE} (rawId = 12-byte ID)
   * @return 16 bytes
   */
  public byte[] recordId(String kind, byte[] rawId) {
    byte[] tag;
    if (GAEN.equals(kind)) {
      tag = GAEN_TAG;
      requireLength(rawId, GaenKeySchedule.RPI_LENGTH, "rawId");
    } else if (BLUEZONE.equals(kind)) {
      tag = BLUEZONE_TAG;
      requireLength(rawId, BluezoneKeySchedule.ID_LENGTH, "rawId");
    } else {
      throw new IllegalArgumentException(
          "kind must be \"" + GAEN + "\" or \"" + BLUEZONE + "\", was \"" + kind + "\"");
    }
    mac.update(tag);
    return Arrays.copyOf(mac.doFinal(rawId), RECORD_ID_LENGTH);
  }

  /**
   * Seals a GAEN AEM for publishing: {@code aem XOR HMAC-SHA256(K(d), "gaen-aem" ‖ 0x00 ‖ rpi)[:4]}
   * (docs/privacy.md). The raw AEM would let anyone holding a published TEK link the record to it
   * (AES(AEMK, RPI) has a known plaintext); sealed, only a holder of {@code K(d)} can. XOR is its
   * own inverse, so the same call unseals.
   *
   * @param rpi the 16-byte RPI the AEM was broadcast with
   * @param aem 4 bytes, raw or sealed
   * @return a new 4-byte array
   */
  public byte[] sealAem(byte[] rpi, byte[] aem) {
    requireLength(rpi, GaenKeySchedule.RPI_LENGTH, "rpi");
    requireLength(aem, AEM_LENGTH, "aem");
    mac.update(AEM_SEAL_TAG);
    byte[] mask = mac.doFinal(rpi);
    byte[] out = new byte[AEM_LENGTH];
    for (int i = 0; i < AEM_LENGTH; i++) {
      out[i] = (byte) (aem[i] ^ mask[i]);
    }
    Arrays.fill(mask, (byte) 0);
    return out;
  }

  @Override
  public String toString() {
    return "RecordIdHasher[epochDay=" + epochDay + ", keyId=" + keyId + "]";
  }

  // kind ‖ 0x00: the separator keeps "gaen" ‖ ID from colliding with a longer kind
  private static byte[] tag(String kind) {
    byte[] k = ascii(kind);
    return Arrays.copyOf(k, k.length + 1);
  }
}
