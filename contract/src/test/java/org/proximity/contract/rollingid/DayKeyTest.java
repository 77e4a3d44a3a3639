package org.proximity.contract.rollingid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The gateway's keyed hash; the vectors are those of docs/privacy.md, so doc and code cannot drift. */
class DayKeyTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final String ROOT_HEX =
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
  private static final SiteRootKey ROOT = SiteRootKey.parseHex(ROOT_HEX);
  private static final byte[] RPI = HEX.parseHex("8be6cd371c5c891604bfbe49df845096");
  private static final byte[] BLUEZONE_ID = HEX.parseHex("b0b1b2b3b4b5b6b7b8b9babb");

  @ParameterizedTest(name = "d={0}")
  @CsvSource({
    "0,     0ae7de7733db1fdf62bbb5af9f395951494fd6fadbd9e08a7959cada48e83c47, 261339e9,"
        + " a36aaa744092afd1b9978bf8fb899f14, be1824a8b6d53949c4a779a7d4d01e83",
    "1,     5b3d6b8bce3ead3656ee5d1c328105a08e6bb2b08ef8108e5217fe39b8d6e438, 038334a8,"
        + " 90627c63f2eb09ebf9ad17ac3dc179af, cda79ebba6e3e05f8e0e7b6c55a64495",
    "20000, 67a7a416a25d7f34c14600a890f5ae4ee3310988a807b3c22730ba1700028a46, 5f560cb5,"
        + " c85f9df09a9d6a0062d94a3ffcb717ed, 871881008a7d5f9d9bd03c7088dc0ef9",
  })
  void dayKey_privacyDocVector_matches(
      long day, String key, String keyId, String gaenRecordId, String bluezoneRecordId) {
    DayKey k = ROOT.dayKey(day);
    assertEquals(day, k.epochDay());
    assertEquals(key, HEX.formatHex(k.key()));
    assertEquals(keyId, k.keyId());
    assertEquals(gaenRecordId, HEX.formatHex(k.recordId("gaen", RPI)));
    assertEquals(bluezoneRecordId, HEX.formatHex(k.recordId("bluezone", BLUEZONE_ID)));
  }

  @Test
  void epochDayOf_privacyDocDay_is20000() {
    assertEquals(20000, DayKey.epochDayOf(Instant.parse("2024-10-04T23:59:59Z")));
    assertEquals(20001, DayKey.epochDayOf(Instant.parse("2024-10-05T00:00:00Z")));
  }

  @Test
  void next_anyDay_equalsDayKeyOfFollowingDay() {
    assertEquals(ROOT.dayKey(20001), ROOT.dayKey(20000).next());
    assertEquals(ROOT.dayKey(1), ROOT.dayZero().next());
  }

  @Test
  void advanceTo_forward_equalsDirectDerivation() {
    assertEquals(ROOT.dayKey(20000), ROOT.dayKey(19990).advanceTo(20000));
    assertEquals(ROOT.dayKey(5), ROOT.dayKey(5).advanceTo(5));
  }

  @Test
  void advanceTo_backwards_throws() {
    DayKey k = ROOT.dayKey(10);
    var e = assertThrows(IllegalArgumentException.class, () -> k.advanceTo(9));
    assertTrue(e.getMessage().contains("only ratchet forward"), e.getMessage());
  }

  @Test
  void toString_dayKey_neverContainsKeyHex() {
    DayKey k = ROOT.dayKey(20000);
    String text = k.toString() + k.hasher();
    assertFalse(text.contains(HEX.formatHex(k.key())), text);
    assertFalse(text.toUpperCase().contains(HEX.formatHex(k.key()).toUpperCase()), text);
    assertTrue(text.contains("20000"), text);
  }

  @Test
  void toString_siteRootKey_isRedacted() {
    assertFalse(ROOT.toString().contains(ROOT_HEX), ROOT.toString());
    assertFalse(ROOT.toString().contains("000102"), ROOT.toString());
  }

  @Test
  void key_returnedArrayModified_keyUnchanged() {
    byte[] raw = new byte[32];
    DayKey k = new DayKey(3, raw);
    raw[0] = 1;
    k.key()[1] = 1;
    assertArrayEquals(new byte[32], k.key());
  }

  @Test
  void equals_sameDaySameKey_isEqualAndDifferentDayIsNot() {
    assertEquals(new DayKey(3, new byte[32]), new DayKey(3, new byte[32]));
    assertEquals(new DayKey(3, new byte[32]).hashCode(), new DayKey(3, new byte[32]).hashCode());
    assertNotEquals(new DayKey(3, new byte[32]), new DayKey(4, new byte[32]));
  }

  @Test
  void constructor_invalidInput_throwsNamingField() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new DayKey(0, new byte[16]))
        .getMessage().startsWith("key "));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new DayKey(-1, new byte[32]))
        .getMessage().startsWith("epochDay "));
  }

  @Test
  void recordId_unknownKind_throws() {
    DayKey k = ROOT.dayZero();
    var e = assertThrows(IllegalArgumentException.class, () -> k.recordId("GAEN", RPI));
    assertTrue(e.getMessage().startsWith("kind "), e.getMessage());
  }

  @Test
  void recordId_rawIdOfOtherProtocolLength_throws() {
    DayKey k = ROOT.dayZero();
    assertThrows(IllegalArgumentException.class, () -> k.recordId("gaen", BLUEZONE_ID));
    assertThrows(IllegalArgumentException.class, () -> k.recordId("bluezone", RPI));
  }

  @Test
  void hasher_repeatedCalls_giveSameIdsAsOneShot() {
    DayKey k = ROOT.dayKey(20000);
    RecordIdHasher h = k.hasher();
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(k.recordId("gaen", RPI), h.recordId("gaen", RPI));
      assertArrayEquals(k.recordId("bluezone", BLUEZONE_ID), h.recordId("bluezone", BLUEZONE_ID));
    }
    assertEquals(k.keyId(), h.keyId());
    assertEquals(20000, h.epochDay());
  }

  @Test
  void parseHex_invalidText_throwsWithoutEchoingValue() {
    String bad = ROOT_HEX.substring(0, 62) + "zz";
    var e = assertThrows(IllegalArgumentException.class, () -> SiteRootKey.parseHex(bad));
    assertFalse(e.getMessage().contains(ROOT_HEX.substring(0, 16)), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SiteRootKey.parseHex(ROOT_HEX + "00"));
  }

  @Test
  void parseHex_surroundingWhitespaceAndUpperCase_equalsOf() {
    byte[] raw = HEX.parseHex(ROOT_HEX);
    assertEquals(SiteRootKey.of(raw), SiteRootKey.parseHex("  " + ROOT_HEX.toUpperCase() + "\n"));
  }
}
