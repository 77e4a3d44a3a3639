package org.proximity.gateway.radio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.proximity.gateway.ad.AdParser;
import org.proximity.gateway.ad.AdvertisementDecoder;
import org.proximity.gateway.ad.DeviceKind;

class AdRebuilderTest {
  static final HexFormat HEX = HexFormat.of();
  private static final String GAEN_UUID = "0000fd6f-0000-1000-8000-00805f9b34fb";
  private static final String BLUEZONE_UUID = "00004e56-0000-1000-8000-00805f9b34fb";

  @Test
  void rebuild_gaenServiceData_isType16WithUuidLittleEndian() {
    byte[] rpiAem = HEX.parseHex("00112233445566778899aabbccddeeff40080000");
    var r = AdRebuilder.rebuild(Map.of(), Map.of(GAEN_UUID, rpiAem),
        List.of("0000FD6F-0000-1000-8000-00805F9B34FB"), null, AdParser.LEGACY_MAX_LENGTH);
    assertArrayEquals(HEX.parseHex(
        "17" + "16" + "6ffd" + "00112233445566778899aabbccddeeff40080000" // service data 0xFD6F
            + "03" + "03" + "6ffd"), r.data());                            // complete 16-bit UUIDs
    assertEquals(DeviceKind.GAEN, new AdvertisementDecoder().decode(r.data()).kind());
  }

  @Test
  void rebuild_manufacturerAnd128BitUuid_companyLittleEndian() {
    var r = AdRebuilder.rebuild(Map.of(0x22B5, HEX.parseHex("0102")), Map.of(),
        List.of("00004e56-73f5-4bc4-a12f-17d1ad07a667"), null, AdParser.LEGACY_MAX_LENGTH);
    assertArrayEquals(HEX.parseHex("05" + "ff" + "b522" + "0102"
        + "11" + "07" + "67a607add1172fa1c44bf573564e0000"), r.data());
  }

  @Test
  void rebuild_mergedDataBeyond31Bytes_leavesOutLowPriorityStructuresWithoutTooLong() {
    Map<Integer, byte[]> md = new LinkedHashMap<>();
    md.put(0x22B5, HEX.parseHex("0102030405060708090a0b0c"));
    var r = AdRebuilder.rebuild(md, Map.of(), List.of(BLUEZONE_UUID),
        "A rather long device name", AdParser.LEGACY_MAX_LENGTH);
    assertEquals(1, r.omitted());
    var d = new AdvertisementDecoder().decode(r.data());
    assertEquals(DeviceKind.BLUEZONE, d.kind());
    assertNull(d.fault());
  }

  @Test
  void rebuild_extendedLimit_keepsEverything() {
    var r = AdRebuilder.rebuild(Map.of(0x004C, new byte[20]), Map.of(), List.of(), "A rather long device name",
        AdParser.EXTENDED_MAX_LENGTH);
    assertEquals(0, r.omitted());
    assertEquals(2 + 22 + 2 + 25, r.data().length);
  }

  @Test
  void uuid16_onlyForBaseUuids() {
    assertEquals(0xFD6F, AdRebuilder.uuid16("0000fd6f-0000-1000-8000-00805f9b34fb"));
    assertEquals(-1, AdRebuilder.uuid16("0001fd6f-0000-1000-8000-00805f9b34fb"));
    assertEquals(-1, AdRebuilder.uuid16("not a uuid"));
  }
}
