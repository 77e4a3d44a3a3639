package org.proximity.gateway.radio.hci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.proximity.gateway.radio.AddressType;
import org.proximity.gateway.radio.BluetoothAddress;

class HciEventParserTest {
  private static final HexFormat HEX = HexFormat.of();

  /** ANU 2020 frame #208704 (captures/README.md), as the HCI event btmon printed. */
  private static final String ANU_EVENT = "3e28" // LE Meta, Parameter_Total_Length 40
      + "02" + "01" // Subevent LE Advertising Report, Num_Reports 1
      + "03" + "01" // Event_Type ADV_NONCONN_IND, Address_Type Random
      + "8f23c1f95e59" // Address 59:5E:F9:C1:23:8F, least significant byte first
      + "1c" // Data_Length 28
      + "03036ffd" + "17166ffd12ec68a558f69b3e332d303c222d6574f666f99a" // UUID list, service data
      + "b9"; // RSSI -71

  private final HciEventParser parser = new HciEventParser();
  private final List<HciAdvertisingReport> out = new ArrayList<>();

  private int parse(String hex) {
    byte[] b = HEX.parseHex(hex);
    return parser.parseEvent(b, 0, b.length, out::add);
  }

  private static String legacyReport(int eventType, String address, String data, int rssi) {
    return String.format("%02x01%s%02x%s%02x", eventType, address, data.length() / 2, data, rssi & 0xFF);
  }

  private static String event(int subevent, int num, String reports) {
    int plen = 2 + reports.length() / 2;
    return String.format("3e%02x%02x%02x%s", plen, subevent, num, reports);
  }

  @Test
  void parseEvent_realAnuFrame_oneGaenReport() {
    assertEquals(1, parse(ANU_EVENT));
    HciAdvertisingReport r = out.get(0);
    assertEquals(HciAdvertisingReport.ADV_NONCONN_IND, r.eventType());
    assertEquals(AddressType.RANDOM, r.addressType());
    assertEquals(BluetoothAddress.parse("59:5E:F9:C1:23:8F"), r.address());
    assertEquals(-71, r.rssi());
    assertFalse(r.hasTxPower());
    assertEquals("03036ffd17166ffd12ec68a558f69b3e332d303c222d6574f666f99a", HEX.formatHex(r.data()));
    assertEquals(0, parser.faults().total());
  }

  @Test
  void parseEvent_threeLegacyReports_deliversAllInOrder() {
    String reports = legacyReport(0, "010203040506", "020106", -40)
        + legacyReport(4, "111213141516", "", -50)
        + legacyReport(3, "212223242526", "03036ffd", -60);
    assertEquals(3, parse(event(0x02, 3, reports)));
    assertEquals(List.of(-40, -50, -60), out.stream().map(HciAdvertisingReport::rssi).toList());
    assertEquals(List.of(0, 4, 3), out.stream().map(HciAdvertisingReport::eventType).toList());
    assertEquals(0, out.get(1).data().length);
    assertEquals(new BluetoothAddress(0x262524232221L), out.get(2).address());
    assertEquals(0, parser.faults().total());
  }

  @Test
  void parseEvent_secondReportPastEnd_deliversFirstAndCountsFault() {
    String reports = legacyReport(0, "010203040506", "020106", -40) + "00" + "01" + "111213";
    assertEquals(1, parse(event(0x02, 2, reports)));
    assertEquals(1, out.size());
    assertEquals(1, parser.faults().get(HciFault.REPORT_PAST_END));
  }

  @Test
  void parseEvent_legacyDataLength32_legacyDataTooLong() {
    String data = "1fff" + "00".repeat(30);
    assertEquals(0, parse(event(0x02, 1, legacyReport(0, "010203040506", data, -40))));
    assertEquals(1, parser.faults().get(HciFault.LEGACY_DATA_TOO_LONG));
  }

  @Test
  void parseEvent_parameterLengthPastBuffer_eventTruncated() {
    assertEquals(0, parse(ANU_EVENT.substring(0, ANU_EVENT.length() - 2)));
    assertEquals(1, parser.faults().get(HciFault.EVENT_TRUNCATED));
    assertEquals(0, parse("3e"));
    assertEquals(2, parser.faults().get(HciFault.EVENT_TRUNCATED));
  }

  @Test
  void parseEvent_zeroReportsOrMissingHeader_counted() {
    assertEquals(0, parse(event(0x02, 0, "")));
    assertEquals(0, parse("3e0102"));
    assertEquals(0, parse("3e00"));
    assertEquals(1, parser.faults().get(HciFault.NO_REPORTS));
    assertEquals(2, parser.faults().get(HciFault.MISSING_HEADER));
  }

  @Test
  void parseEvent_trailingBytes_deliversReportAndCountsFault() {
    assertEquals(1, parse(event(0x02, 1, legacyReport(0, "010203040506", "020106", -40) + "ee")));
    assertEquals(1, parser.faults().get(HciFault.TRAILING_BYTES));
  }

  @Test
  void parseEvent_otherEvents_ignoredWithoutFault() {
    assertEquals(0, parse("0e0401030c00")); // Command Complete
    assertEquals(0, parse("3e0301ffff")); // LE Connection Complete (short, but not ours)
    assertEquals(0, parser.faults().total());
    assertEquals(0, out.size());
  }

  @Test
  void parseEvent_extendedReportWithLongData_allFields() {
    String data = "2bff4c00" + "ab".repeat(41); // 44 bytes: legal only in extended reports
    String report = "1300" // Event_Type: connectable, scannable, legacy bit clear, complete
        + "01" + "a1a2a3a4a5a6" // Address_Type Random, Address
        + "01" + "02" + "05" // Primary_PHY 1M, Secondary_PHY 2M, Advertising_SID 5
        + "f4" + "c4" // TX_Power -12, RSSI -60
        + "0000" + "00" + "000000000000" // Periodic_Advertising_Interval, Direct_Address_Type, Direct_Address
        + String.format("%02x", data.length() / 2) + data;
    assertEquals(1, parse(event(0x0D, 1, report)));
    HciAdvertisingReport r = out.get(0);
    assertTrue(r.extended());
    assertEquals(0x13, r.eventType());
    assertEquals(new BluetoothAddress(0xa6a5a4a3a2a1L), r.address());
    assertEquals(1, r.primaryPhy());
    assertEquals(2, r.secondaryPhy());
    assertEquals(5, r.sid());
    assertEquals(-12, r.txPower());
    assertEquals(-60, r.rssi());
    assertArrayEquals(HEX.parseHex(data), r.data());
  }

  @Test
  void parseEvent_extendedAnonymousAndTruncated_addressZeroThenFault() {
    String anonymous = "0000" + "ff" + "000000000000" + "01000a" + "7f" + "b0" + "0000" + "00"
        + "000000000000" + "00";
    assertEquals(1, parse(event(0x0D, 2, anonymous + "0000ff")));
    assertEquals(new BluetoothAddress(0), out.get(0).address());
    assertEquals(AddressType.UNKNOWN, out.get(0).addressType());
    assertFalse(out.get(0).hasTxPower());
    assertEquals(1, parser.faults().get(HciFault.REPORT_PAST_END));
  }

  @Test
  void toString_report_redactsAddressAndData() {
    parse(ANU_EVENT);
    String s = out.get(0).toString();
    assertFalse(s.contains("8f23") || s.contains("59:5E") || s.toLowerCase().contains("12ec68"), s);
    assertTrue(s.contains("dataLength=28"), s);
  }
}
