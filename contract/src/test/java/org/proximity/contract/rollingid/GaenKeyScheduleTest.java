package org.proximity.contract.rollingid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** GAEN key schedule against every official v1.2 vector (docs/gaen.md#test-vectors, vectors/README.md). */
class GaenKeyScheduleTest {

  private static final HexFormat HEX = HexFormat.of();

  /** A fresh parse per use, so no test can disturb another's data. */
  private static JsonNode vectors() {
    try (InputStream in = GaenKeyScheduleTest.class.getResourceAsStream("/vectors/gaen-vectors.json")) {
      if (in == null) {
        throw new IllegalStateException("vectors/gaen-vectors.json missing from the test classpath");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] hex(JsonNode node, String field) {
    return HEX.parseHex(node.get(field).asText());
  }

  /** One case per advertised pair: (i, ENIN, RPI, AEM). */
  static Stream<Arguments> advertisedPairs() {
    JsonNode advertised = vectors().get("advertised");
    return StreamSupport.stream(advertised.spliterator(), false)
        .map(a -> Arguments.of(
            a.get("i").asInt(), a.get("en_interval_number").asInt(), hex(a, "rpi"), hex(a, "aem")));
  }

  @Test
  void vectors_officialFile_hasAll144Pairs() {
    JsonNode v = vectors();
    assertEquals(144, v.get("advertised").size());
    assertEquals(144, v.get("tek_rolling_period").asInt());
  }

  @Test
  void rpik_officialTek_matchesOfficialRpik() {
    JsonNode v = vectors();
    assertArrayEquals(hex(v, "rpik"), GaenKeySchedule.rpik(hex(v, "tek")));
  }

  @Test
  void aemk_officialTek_matchesOfficialAemk() {
    JsonNode v = vectors();
    assertArrayEquals(hex(v, "aemk"), GaenKeySchedule.aemk(hex(v, "tek")));
  }

  @ParameterizedTest(name = "i={0} ENIN={1}")
  @MethodSource("advertisedPairs")
  void rpi_officialPair_matchesOfficialRpi(int i, int enin, byte[] rpi, byte[] aem) {
    JsonNode v = vectors();
    assertEquals(v.get("rolling_start_interval_number").asInt() + i, enin);
    assertArrayEquals(rpi, GaenKeySchedule.rpi(hex(v, "rpik"), enin));
  }

  @Test
  void rpis_officialKey_all144InOrderAndAWindowInTheMiddle() {
    JsonNode v = vectors();
    int rsin = v.get("rolling_start_interval_number").asInt();
    byte[] all = GaenKeySchedule.rpis(hex(v, "rpik"), rsin, 144);
    assertEquals(144 * 16, all.length);
    for (JsonNode a : v.get("advertised")) {
      int i = a.get("i").asInt();
      assertArrayEquals(hex(a, "rpi"), Arrays.copyOfRange(all, 16 * i, 16 * i + 16), "RPI " + i);
    }
    byte[] window = GaenKeySchedule.rpis(hex(v, "rpik"), rsin + 3, 2);
    assertArrayEquals(hex(v.get("advertised").get(4), "rpi"), Arrays.copyOfRange(window, 16, 32));
    assertEquals(0, GaenKeySchedule.rpis(hex(v, "rpik"), rsin, 0).length);
    assertThrows(IllegalArgumentException.class, () -> GaenKeySchedule.rpis(hex(v, "rpik"), rsin, 145));
    assertThrows(IllegalArgumentException.class, () -> GaenKeySchedule.rpis(hex(v, "rpik"), -1, 1));
  }

  @ParameterizedTest(name = "i={0} ENIN={1}")
  @MethodSource("advertisedPairs")
  void aem_officialPair_matchesOfficialAem(int i, int enin, byte[] rpi, byte[] aem) {
    JsonNode v = vectors();
    assertArrayEquals(aem, GaenKeySchedule.aem(hex(v, "aemk"), rpi, hex(v, "ble_metadata")));
  }

  @Test
  void paddedData_officialFirstInterval_matchesSpecLayout() {
    // "EN-RPI" | 00 x 6 | 2642976 as uint32 LE (docs/gaen.md#test-vectors)
    assertArrayEquals(
        HEX.parseHex("454e2d52504900000000000020542800"), GaenKeySchedule.paddedData(2642976));
  }

  @Test
  void keySchedule_secondNonOfficialCase_matchesPublishedValues() {
    // mh-/exposure-notification-ble-python README, recomputed (docs/gaen.md#test-vectors)
    byte[] tek = HEX.parseHex("7921b817fdb92074df5345594273756f");
    byte[] rpik = GaenKeySchedule.rpik(tek);
    byte[] aemk = GaenKeySchedule.aemk(tek);
    byte[] rpi = GaenKeySchedule.rpi(rpik, 2649435);
    assertArrayEquals(HEX.parseHex("eae8956644770f952871daf549c0ce7e"), rpik);
    assertArrayEquals(HEX.parseHex("a1d0bd6f94b053cf622ca88194e20611"), aemk);
    assertArrayEquals(
        HEX.parseHex("454e2d5250490000000000005b6d2800"), GaenKeySchedule.paddedData(2649435));
    assertArrayEquals(HEX.parseHex("5811408cf8d88d2b33f73773a7c6d45f"), rpi);
    assertArrayEquals(
        HEX.parseHex("a3e9517f"), GaenKeySchedule.aem(aemk, rpi, HEX.parseHex("400c0000")));
  }

  @Test
  void rpik_tekOfWrongLength_throwsNamingTek() {
    var e = assertThrows(IllegalArgumentException.class, () -> GaenKeySchedule.rpik(new byte[15]));
    assertTrue(e.getMessage().startsWith("tek "), e.getMessage());
  }

  @Test
  void aemk_nullTek_throwsNamingTek() {
    var e = assertThrows(IllegalArgumentException.class, () -> GaenKeySchedule.aemk(null));
    assertTrue(e.getMessage().startsWith("tek "), e.getMessage());
  }

  @Test
  void rpi_rpikOfWrongLength_throwsNamingRpik() {
    var e = assertThrows(IllegalArgumentException.class, () -> GaenKeySchedule.rpi(new byte[32], 1));
    assertTrue(e.getMessage().startsWith("rpik "), e.getMessage());
  }

  @Test
  void rpi_negativeInterval_throws() {
    assertThrows(IllegalArgumentException.class, () -> GaenKeySchedule.rpi(new byte[16], -1));
  }

  @Test
  void aem_wrongLengths_throwNamingEachParameter() {
    byte[] k = new byte[16];
    assertTrue(assertThrows(IllegalArgumentException.class,
            () -> GaenKeySchedule.aem(new byte[8], k, new byte[4])).getMessage().startsWith("aemk "));
    assertTrue(assertThrows(IllegalArgumentException.class,
            () -> GaenKeySchedule.aem(k, new byte[12], new byte[4])).getMessage().startsWith("rpi "));
    assertTrue(assertThrows(IllegalArgumentException.class,
            () -> GaenKeySchedule.aem(k, k, new byte[5])).getMessage().startsWith("metadata "));
  }
}
