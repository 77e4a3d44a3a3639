package org.proximity.contract.rollingid;

import static org.proximity.contract.rollingid.Crypto.ascii;
import static org.proximity.contract.rollingid.Crypto.requireLength;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;

/**
 * The gateway's key for one UTC day, K(d) (docs/privacy.md). Keys only ratchet forward,
 * K(d+1) = HMAC-SHA256(K(d), "pgw1-ratchet"), so a stolen day key reveals nothing about earlier
 * days. {@link #toString()} never prints the key.
 *
 * @param epochDay whole days since 1970-01-01 UTC
 * @param key the 32-byte K(d); copied in and out
 */
public record DayKey(long epochDay, byte[] key) {

  public static final int LENGTH = 32;

  private static final byte[] RATCHET_LABEL = ascii("pgw1-ratchet");
  private static final byte[] KEY_ID_LABEL = ascii("pgw1-key-id");
  private static final long SECONDS_PER_DAY = 86_400;

  public DayKey {
    if (epochDay < 0) {
      throw new IllegalArgumentException("epochDay must be >= 0, was " + epochDay);
    }
    key = requireLength(key, LENGTH, "key").clone();
  }

  /** The day number d of an instant: whole days since 1970-01-01 UTC. */
  public static long epochDayOf(Instant t) {
    return Math.floorDiv(t.getEpochSecond(), SECONDS_PER_DAY);
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  /** K(d+1). */
  public DayKey next() {
    return advanceTo(epochDay + 1);
  }

  /** K(target) for target ≥ d; going back would defeat the ratchet, so it throws. */
  public DayKey advanceTo(long targetEpochDay) {
    if (targetEpochDay < epochDay) {
      throw new IllegalArgumentException(
          "targetEpochDay must be >= " + epochDay + " (day keys only ratchet forward), was "
              + targetEpochDay);
    }
    Mac mac = Crypto.newHmac();
    byte[] k = key;
    for (long d = epochDay; d < targetEpochDay; d++) {
      k = Crypto.init(mac, k).doFinal(RATCHET_LABEL);
    }
    return new DayKey(targetEpochDay, k);
  }

  /** First 4 bytes of SHA-256("pgw1-key-id" ‖ K(d)) as 8 lowercase hex characters. */
  public String keyId() {
    return HexFormat.of().formatHex(Crypto.sha256(KEY_ID_LABEL, key), 0, 4);
  }

  /** The 16-byte record id of one raw ID; see {@link RecordIdHasher} to hash many. */
  public byte[] recordId(String kind, byte[] rawId) {
    return hasher().recordId(kind, rawId);
  }

  /** A hasher that reuses one Mac for this day; confine it to one thread. */
  public RecordIdHasher hasher() {
    return new RecordIdHasher(this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DayKey k && epochDay == k.epochDay && MessageDigest.isEqual(key, k.key);
  }

  @Override
  public int hashCode() {
    return Objects.hash(epochDay, Arrays.hashCode(key));
  }

  @Override
  public String toString() {
    return "DayKey[epochDay=" + epochDay + ", keyId=" + keyId() + "]";
  }
}
