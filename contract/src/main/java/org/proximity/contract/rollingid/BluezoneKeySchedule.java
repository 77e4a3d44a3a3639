package org.proximity.contract.rollingid;

import static org.proximity.contract.rollingid.Crypto.ascii;
import static org.proximity.contract.rollingid.Crypto.requireLength;
import static org.proximity.contract.rollingid.Crypto.sha256;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Bluezone's ID schedule (docs/bluezone.md#key-schedule; {@code BluezoneIdGenerator.java} in
 * BluezoneGlobal/react-native-bluetooth-scan). There are no upstream vectors, so the tests check the
 * structural properties listed there.
 */
public final class BluezoneKeySchedule {

  /** IDs per UTC day unless the server says otherwise, i.e. 15-minute slots (docs/bluezone.md#constants). */
  public static final int DEFAULT_IDS_PER_DAY = 96;

  public static final int KEY_LENGTH = 32;
  public static final int ID_LENGTH = 12;

  static final long MILLIS_PER_DAY = 86_400_000L;

  // spelled without the "e" after "blu", exactly as the app does (docs/bluezone.md#constants)
  private static final byte[] SUB_KEY_SALT = ascii("bluzonesubkey");

  // every 4th byte of the first half, then every 2nd byte of the second half (docs/bluezone.md#key-schedule, step 4)
  private static final int[] ID_BYTE_INDICES = {0, 4, 8, 12, 16, 18, 20, 22, 24, 26, 28, 30};

  private BluezoneKeySchedule() {}

  /** D(d0 + n) from the base key B = D(d0): n steps of D(d+1) = SHA-256(D(d)). */
  public static byte[] dailyKey(byte[] baseKey, int daysAfterBase) {
    requireLength(baseKey, KEY_LENGTH, "baseKey");
    if (daysAfterBase < 0) {
      throw new IllegalArgumentException("daysAfterBase must be >= 0, was " + daysAfterBase);
    }
    MessageDigest md = sha256();
    byte[] d = baseKey.clone();
    for (int i = 0; i < daysAfterBase; i++) {
      d = md.digest(d);
    }
    return d;
  }

  /** S_0 = SHA-256(D ‖ "bluzonesubkey"). */
  public static byte[] subKey0(byte[] dailyKey) {
    return sha256(requireLength(dailyKey, KEY_LENGTH, "dailyKey"), SUB_KEY_SALT);
  }

  /** The ID of one slot of the day: S_slot from S_{i+1} = SHA-256(S_i), then 12 selected bytes. */
  public static byte[] bluezoneId(byte[] dailyKey, int slot) {
    if (slot < 0) {
      throw new IllegalArgumentException("slot must be >= 0, was " + slot);
    }
    MessageDigest md = sha256();
    byte[] s = subKey0(dailyKey);
    for (int i = 0; i < slot; i++) {
      s = md.digest(s);
    }
    return select(s);
  }

  /** All {@code max} IDs of the day, slot 0 first, in one pass over the sub-key chain. */
  public static List<byte[]> bluezoneIds(byte[] dailyKey, int max) {
    requireMax(max);
    MessageDigest md = sha256();
    byte[] s = subKey0(dailyKey);
    List<byte[]> ids = new ArrayList<>(max);
    for (int i = 0; i < max; i++) {
      ids.add(select(s));
      s = md.digest(s);
    }
    return ids;
  }

  /**
   * The slot within the UTC day: (t_ms − UTC midnight) / (86 400 000 / max), integer division as
   * in the app (docs/bluezone.md#key-schedule, step 5).
   */
  public static int slot(Instant t, int max) {
    requireMax(max);
    long msOfDay = Math.floorMod(t.toEpochMilli(), MILLIS_PER_DAY);
    return (int) (msOfDay / (MILLIS_PER_DAY / max));
  }

  private static void requireMax(int max) {
    if (max < 1 || max > MILLIS_PER_DAY) {
      throw new IllegalArgumentException("max must be between 1 and 86400000, was " + max);
    }
  }

  private static byte[] select(byte[] subKey) {
    byte[] id = new byte[ID_LENGTH];
    for (int i = 0; i < ID_LENGTH; i++) {
      id[i] = subKey[ID_BYTE_INDICES[i]];
    }
    return id;
  }
}
