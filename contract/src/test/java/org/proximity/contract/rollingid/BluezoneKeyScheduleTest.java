package org.proximity.contract.rollingid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bluezone has no upstream vectors; these are the self-checks of docs/bluezone.md#key-schedule. */
class BluezoneKeyScheduleTest {

  private static final byte[] BASE_KEY =
      HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

  private static byte[] sha256(byte[]... parts) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }

  /** The selection written out by hand, independently of the production index table. */
  private static byte[] expectedId(byte[] subKey) {
    return new byte[] {
      subKey[0], subKey[4], subKey[8], subKey[12],
      subKey[16], subKey[18], subKey[20], subKey[22], subKey[24], subKey[26], subKey[28], subKey[30]
    };
  }

  @Test
  void dailyKey_zeroDays_isBaseKeyCopy() {
    byte[] d = BluezoneKeySchedule.dailyKey(BASE_KEY, 0);
    assertArrayEquals(BASE_KEY, d);
    d[0] = 42;
    assertEquals(0, BASE_KEY[0]);
  }

  @Test
  void dailyKey_twoDays_isDoubleSha256() throws Exception {
    assertArrayEquals(sha256(sha256(BASE_KEY)), BluezoneKeySchedule.dailyKey(BASE_KEY, 2));
  }

  @Test
  void subKey0_dailyKey_isSha256OfKeyAndSalt() throws Exception {
    byte[] salt = "bluzonesubkey".getBytes(StandardCharsets.US_ASCII);
    assertArrayEquals(sha256(BASE_KEY, salt), BluezoneKeySchedule.subKey0(BASE_KEY));
  }

  @Test
  void bluezoneId_slot2_matchesIndependentDigestChain() throws Exception {
    byte[] s0 = sha256(BASE_KEY, "bluzonesubkey".getBytes(StandardCharsets.US_ASCII));
    byte[] s2 = sha256(sha256(s0));
    assertArrayEquals(expectedId(s0), BluezoneKeySchedule.bluezoneId(BASE_KEY, 0));
    assertArrayEquals(expectedId(s2), BluezoneKeySchedule.bluezoneId(BASE_KEY, 2));
  }

  @Test
  void bluezoneIds_defaultMax_are96DistinctTwelveByteIds() {
    List<byte[]> ids = BluezoneKeySchedule.bluezoneIds(BASE_KEY, BluezoneKeySchedule.DEFAULT_IDS_PER_DAY);
    Set<String> distinct = new HashSet<>();
    ids.forEach(id -> {
      assertEquals(12, id.length);
      distinct.add(HexFormat.of().formatHex(id));
    });
    assertEquals(96, distinct.size());
  }

  @Test
  void bluezoneIds_everySlot_equalsSingleSlotDerivation() {
    List<byte[]> ids = BluezoneKeySchedule.bluezoneIds(BASE_KEY, 96);
    for (int slot : new int[] {0, 1, 47, 95}) {
      assertArrayEquals(BluezoneKeySchedule.bluezoneId(BASE_KEY, slot), ids.get(slot));
    }
  }

  @Test
  void bluezoneId_slot0OfNextDay_comesFromNextDailyKeyNotFromS95() throws Exception {
    byte[] nextDaily = sha256(BASE_KEY);
    byte[] s0 = sha256(BASE_KEY, "bluzonesubkey".getBytes(StandardCharsets.US_ASCII));
    byte[] s = s0;
    for (int i = 0; i < 96; i++) {
      s = sha256(s); // S_96 would be the continuation of the day's chain
    }
    byte[] nextDaySlot0 = BluezoneKeySchedule.bluezoneId(BluezoneKeySchedule.dailyKey(BASE_KEY, 1), 0);
    assertArrayEquals(
        expectedId(sha256(nextDaily, "bluzonesubkey".getBytes(StandardCharsets.US_ASCII))),
        nextDaySlot0);
    assertFalse(Arrays.equals(expectedId(s), nextDaySlot0));
  }

  @Test
  void bluezoneIds_saltByteChanged_changesEveryId() throws Exception {
    // the last salt byte changed from y to z
    byte[] otherSalt = "bluzonesubkez".getBytes(StandardCharsets.US_ASCII);
    byte[] s = sha256(BASE_KEY, otherSalt);
    List<byte[]> ids = BluezoneKeySchedule.bluezoneIds(BASE_KEY, 96);
    for (int i = 0; i < 96; i++) {
      assertFalse(Arrays.equals(expectedId(s), ids.get(i)), "slot " + i);
      s = sha256(s);
    }
  }

  @Test
  void slot_utcDayBoundaries_followsFifteenMinuteSlots() {
    Instant midnight = Instant.parse("2024-10-04T00:00:00Z");
    assertEquals(0, BluezoneKeySchedule.slot(midnight, 96));
    assertEquals(0, BluezoneKeySchedule.slot(midnight.plusSeconds(899), 96));
    assertEquals(1, BluezoneKeySchedule.slot(midnight.plusSeconds(900), 96));
    assertEquals(95, BluezoneKeySchedule.slot(midnight.plusSeconds(86_399), 96));
    assertEquals(0, BluezoneKeySchedule.slot(midnight.plusSeconds(86_400), 96));
    assertEquals(3, BluezoneKeySchedule.slot(midnight.plusSeconds(3 * 3600), 24));
  }

  @Test
  void slot_defaultMax_equalsUnixSecondsOver900ModuloDay() {
    long t = 1_727_999_999L;
    assertEquals(
        Math.floorMod(t / 900, 96), BluezoneKeySchedule.slot(Instant.ofEpochSecond(t), 96));
  }

  @Test
  void slot_nonPositiveMax_throws() {
    assertThrows(IllegalArgumentException.class, () -> BluezoneKeySchedule.slot(Instant.EPOCH, 0));
  }

  @Test
  void dailyKey_wrongLengthOrNegativeDays_throwNamingParameter() {
    assertTrue(assertThrows(IllegalArgumentException.class,
            () -> BluezoneKeySchedule.dailyKey(new byte[16], 0)).getMessage().startsWith("baseKey "));
    assertTrue(assertThrows(IllegalArgumentException.class,
            () -> BluezoneKeySchedule.dailyKey(BASE_KEY, -1)).getMessage().startsWith("daysAfterBase "));
    assertTrue(assertThrows(IllegalArgumentException.class,
            () -> BluezoneKeySchedule.bluezoneId(new byte[31], 0)).getMessage().startsWith("dailyKey "));
  }
}
