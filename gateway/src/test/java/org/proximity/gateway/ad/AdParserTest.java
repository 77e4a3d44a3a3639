package org.proximity.gateway.ad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdParserTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  private static AdStructure ad(int offset, int type, String data) {
    return new AdStructure(offset, type, hex(data));
  }

  @Test
  void parse_validSpecLayout_returnsEveryStructure() {
    AdParseResult r = AdParser.parse(hex(
        "02 01 1a"      // Flags
        + " 03 03 6ffd" // 16-bit UUIDs, complete: 0xFD6F
        + " 05 ff 4c00 0102")); // manufacturer data, Apple
    assertEquals(List.of(ad(0, 0x01, "1a"), ad(3, 0x03, "6ffd"), ad(7, 0xFF, "4c000102")),
        r.structures());
    assertNull(r.fault());
  }

  @Test
  void parse_zeroLengthByte_endsDataWithoutFault() {
    AdParseResult r = AdParser.parse(hex("02 01 06 00 05 ff 01 02 03 04"));
    assertEquals(List.of(ad(0, 0x01, "06")), r.structures());
    assertNull(r.fault());
  }

  @Test
  void parse_zeroPaddingToThirtyOneBytes_noFault() {
    byte[] data = Arrays.copyOf(hex("02 01 06"), 31);
    AdParseResult r = AdParser.parse(data);
    assertEquals(List.of(ad(0, 0x01, "06")), r.structures());
    assertNull(r.fault());
  }

  @Test
  void parse_lengthPastEnd_keepsEarlierStructuresAndReportsOffset() {
    AdParseResult r = AdParser.parse(hex("02 01 06 05 ff 4c 00 01"));
    assertEquals(List.of(ad(0, 0x01, "06")), r.structures());
    assertEquals(new AdFault(3, AdFault.Reason.LENGTH_PAST_END), r.fault());
  }

  @Test
  void parse_truncatedServiceData_reportsLengthPastEndAtItsLengthByte() {
    // GAEN service data cut one byte short: 0x17 claims 23 bytes, 22 follow
    AdParseResult r = AdParser.parse(hex(
        "03 03 6ffd 17 16 6ffd 12ec68a558f69b3e332d303c222d6574 f666f9"));
    assertEquals(List.of(ad(0, 0x03, "6ffd")), r.structures());
    assertEquals(new AdFault(4, AdFault.Reason.LENGTH_PAST_END), r.fault());
  }

  @Test
  void parse_lengthByteWithoutType_reportsMissingType() {
    AdParseResult r = AdParser.parse(hex("02 01 06 03"));
    assertEquals(List.of(ad(0, 0x01, "06")), r.structures());
    assertEquals(new AdFault(3, AdFault.Reason.MISSING_TYPE), r.fault());
  }

  @Test
  void parse_lengthOneTypeOnly_givesEmptyData() {
    AdParseResult r = AdParser.parse(hex("01 09"));
    assertEquals(List.of(ad(0, 0x09, "")), r.structures());
    assertNull(r.fault());
  }

  @Test
  void parse_emptyInput_noStructuresNoFault() {
    AdParseResult r = AdParser.parse(new byte[0]);
    assertEquals(List.of(), r.structures());
    assertNull(r.fault());
  }

  @Test
  void parse_allFf_reportsLengthPastEndAtZero() {
    byte[] data = new byte[31];
    Arrays.fill(data, (byte) 0xFF);
    AdParseResult r = AdParser.parse(data);
    assertEquals(List.of(), r.structures());
    assertEquals(new AdFault(0, AdFault.Reason.LENGTH_PAST_END), r.fault());
  }

  @Test
  void parse_singleFfByte_reportsMissingTypeAtZero() {
    AdParseResult r = AdParser.parse(hex("ff"));
    assertEquals(List.of(), r.structures());
    assertEquals(new AdFault(0, AdFault.Reason.MISSING_TYPE), r.fault());
  }

  @Test
  void parse_longerThan31Bytes_reportsTooLongAt31AndParsesAll() {
    // 3 + 30 = 33 bytes, well formed
    byte[] data = hex("02 01 06 1d ff" + "aa".repeat(28));
    AdParseResult r = AdParser.parse(data);
    assertEquals(List.of(ad(0, 0x01, "06"), ad(3, 0xFF, "aa".repeat(28))), r.structures());
    assertEquals(new AdFault(31, AdFault.Reason.TOO_LONG), r.fault());
  }

  @Test
  void parse_longerThan31BytesAndOverrun_reportsStructuralFault() {
    // the overrun at 33 lies past the legacy limit; it still wins over too_long at 31
    byte[] data = hex("02 01 06 1d ff" + "aa".repeat(28) + "05 ff");
    AdParseResult r = AdParser.parse(data);
    assertEquals(2, r.structures().size());
    assertEquals(new AdFault(33, AdFault.Reason.LENGTH_PAST_END), r.fault());
  }

  @Test
  void parseExtended_longerThan31Bytes_noFault() {
    byte[] data = hex("02 01 06 1d ff" + "aa".repeat(28));
    AdParseResult r = AdParser.parseExtended(data);
    assertEquals(2, r.structures().size());
    assertNull(r.fault());
  }

  @Test
  void parseExtended_longerThan1650Bytes_reportsTooLongAt1650() {
    byte[] data = new byte[7 * 256];
    for (int i = 0; i < data.length; i += 256) {
      data[i] = (byte) 0xFF; // 255 bytes: type + 254 data bytes
      data[i + 1] = (byte) 0xFF;
    }
    AdParseResult r = AdParser.parseExtended(data);
    assertEquals(7, r.structures().size());
    assertEquals(new AdFault(1650, AdFault.Reason.TOO_LONG), r.fault());
  }

  @Test
  void parse_structureData_isDefensiveCopy() {
    byte[] data = hex("02 01 06");
    AdStructure s = AdParser.parse(data).structures().get(0);
    data[2] = 0;
    s.data()[0] = 0;
    assertArrayEquals(hex("06"), s.data());
  }
}
