package org.proximity.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The {@code "fields"} addition to decode's line (docs/decode.md), exact. */
class DecodeFieldsTest {
  private static final String BASE16 = "-0000-1000-8000-00805f9b34fb";
  private static final String EMPTY_REST =
      "\"manufacturer_data\":[],\"apple_overflow\":null,\"errors\":[]}";

  private static String fields(String hex, String... args) {
    String[] withFields = Stream.concat(Stream.of("--fields"), Arrays.stream(args))
        .toArray(String[]::new);
    String out = DecodeCommandTest.decodeFull(hex + "\n", withFields).out();
    assertTrue(out.endsWith("}\n"), out);
    int at = out.indexOf(",\"fields\":");
    assertTrue(at > 0, out);
    return out.substring(at + ",\"fields\":".length(), out.length() - 2);
  }

  @Test
  void realGaen_uuidListAndServiceData() {
    assertEquals("{\"flags\":null,\"tx_power\":null,\"name\":null,"
        + "\"uuids\":[{\"bits\":16,\"complete\":true,\"uuid\":\"0000fd6f" + BASE16 + "\"}],"
        + "\"service_data\":[{\"bits\":16,\"uuid\":\"0000fd6f" + BASE16 + "\","
        + "\"data\":\"12ec68a558f69b3e332d303c222d6574f666f99a\"}]," + EMPTY_REST,
        fields("03036ffd17166ffd12ec68a558f69b3e332d303c222d6574f666f99a"));
  }

  @Test
  void flagsCompleteNameAndTxPower() {
    assertEquals("{\"flags\":6,\"tx_power\":-12,\"name\":{\"value\":\"Bluezone\",\"complete\":true},"
        + "\"uuids\":[],\"service_data\":[]," + EMPTY_REST,
        fields("020106" + "0909426c75657a6f6e65" + "020af4"));
  }

  @Test
  void invalidUtf8InName_reportedWithOffsetNeverThrown() {
    // 'A', then C3 followed by '(' (not a continuation byte) at payload offset 3, then 'B'; a quote and a backslash
    assertEquals("{\"flags\":null,\"tx_power\":null,\"name\":{\"value\":\"A\\ufffd(B\\\"\\\\\",\"complete\":false},"
        + "\"uuids\":[],\"service_data\":[],\"manufacturer_data\":[],\"apple_overflow\":null,"
        + "\"errors\":[{\"offset\":3,\"type\":8,\"reason\":\"invalid_utf8\"}]}",
        fields("0708" + "41c328422" + "25c"));
  }

  @Test
  void appleOverflowArea_bitmaskPrinted() {
    String bitmask = "08" + "00".repeat(15);
    assertEquals("{\"flags\":6,\"tx_power\":null,\"name\":null,\"uuids\":[],\"service_data\":[],"
        + "\"manufacturer_data\":[{\"company\":76,\"data\":\"01" + bitmask + "\"}],"
        + "\"apple_overflow\":\"" + bitmask + "\",\"errors\":[]}",
        fields("020106" + "14ff4c0001" + bitmask));
  }

  @Test
  void thirtyTwoAnd128BitUuids_canonicalLowercase() {
    // 32-bit 0x12345678 (incomplete list); DP-3T's legacy 128-bit UUID (docs/other-apps.md#dp-3t) little-endian on air
    assertEquals("{\"flags\":null,\"tx_power\":null,\"name\":null,\"uuids\":["
        + "{\"bits\":32,\"complete\":false,\"uuid\":\"12345678" + BASE16 + "\"},"
        + "{\"bits\":128,\"complete\":true,\"uuid\":\"8c8494e3-bab5-1848-40a0-1b06991c0000\"}],"
        + "\"service_data\":[]," + EMPTY_REST,
        fields("050478563412" + "1107" + "00001c99061ba0404818b5bae394848c"));
  }

  @Test
  void serviceData32And128_uuidThenData() {
    assertEquals("{\"flags\":null,\"tx_power\":null,\"name\":null,\"uuids\":[],\"service_data\":["
        + "{\"bits\":32,\"uuid\":\"12345678" + BASE16 + "\",\"data\":\"aa\"},"
        + "{\"bits\":128,\"uuid\":\"8c8494e3-bab5-1848-40a0-1b06991c0000\",\"data\":\"\"}]," + EMPTY_REST,
        fields("062078563412aa" + "1121" + "00001c99061ba0404818b5bae394848c"));
  }

  @Test
  void badLengths_reportedPerStructure() {
    // empty flags; a 16-bit list with a stray byte; a 2-byte TX power; 1-byte manufacturer data; short service data
    assertEquals("{\"flags\":null,\"tx_power\":null,\"name\":null,"
        + "\"uuids\":[{\"bits\":16,\"complete\":false,\"uuid\":\"00003412" + BASE16 + "\"}],"
        + "\"service_data\":[],\"manufacturer_data\":[],\"apple_overflow\":null,\"errors\":["
        + "{\"offset\":0,\"type\":1,\"reason\":\"bad_length\"},"
        + "{\"offset\":2,\"type\":2,\"reason\":\"bad_length\"},"
        + "{\"offset\":7,\"type\":10,\"reason\":\"bad_length\"},"
        + "{\"offset\":11,\"type\":255,\"reason\":\"bad_length\"},"
        + "{\"offset\":14,\"type\":22,\"reason\":\"bad_length\"}]}",
        fields("0101" + "0402123456" + "030a0102" + "02ff01" + "021601"));
  }

  @Test
  void notHexAndMalformed_fieldsNullOrThoseBeforeTheFault() {
    assertTrue(DecodeCommandTest.decodeFull("zz\n", "--fields").out().endsWith(",\"fields\":null}\n"));
    assertTrue(DecodeCommandTest.decodeFull("zz\n").out().endsWith("\"reason\":\"not_hex\"}}\n"), "no fields by default");
    assertEquals("{\"flags\":6,\"tx_power\":null,\"name\":null,\"uuids\":[],\"service_data\":[]," + EMPTY_REST,
        fields("020106" + "05ff4c00"));
  }
}
