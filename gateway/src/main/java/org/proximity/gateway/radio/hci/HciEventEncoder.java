package org.proximity.gateway.radio.hci;

import org.proximity.gateway.ad.AdParser;

/**
 * The writing side of {@link HciEventParser}: an HCI LE Meta event (Core Spec v5.3 Vol 4, Part E,
 * 7.7.65) carrying one LE Advertising Report (7.7.65.2), laid out exactly as the parser reads it:
 * Event_Code 0x3E, Parameter_Total_Length, Subevent_Code 0x02, Num_Reports 1, Event_Type,
 * Address_Type, Address (6 bytes, least significant first), Data_Length, Data, RSSI. No H4
 * packet-type byte: the capture writer adds the framing.
 */
public final class HciEventEncoder {

  private static final int PARAMETERS_BEFORE_DATA = 1 + 1 + 1 + 1 + 6 + 1; // subevent … Data_Length

  private HciEventEncoder() {}

  /**
   * @param report a legacy report: at most 31 bytes of data, RSSI in a signed byte
   * @throws IllegalArgumentException for an extended report, too much data or an RSSI out of range
   */
  public static byte[] legacyAdvertisingReport(HciAdvertisingReport report) {
    if (report.extended()) {
      throw new IllegalArgumentException("only legacy reports (7.7.65.2) are encoded, this one is extended");
    }
    byte[] data = report.data();
    if (data.length > AdParser.LEGACY_MAX_LENGTH) {
      throw new IllegalArgumentException("legacy advertising data must be at most "
          + AdParser.LEGACY_MAX_LENGTH + " bytes, was " + data.length);
    }
    if (report.rssi() < Byte.MIN_VALUE || report.rssi() > Byte.MAX_VALUE) {
      throw new IllegalArgumentException("rssi must fit a signed byte, was " + report.rssi());
    }
    if (report.eventType() < 0 || report.eventType() > 0xFF) {
      throw new IllegalArgumentException("eventType must be one byte, was " + report.eventType());
    }
    int parameters = PARAMETERS_BEFORE_DATA + data.length + 1; // + RSSI
    byte[] e = new byte[2 + parameters];
    int p = 0;
    e[p++] = (byte) HciEventParser.LE_META_EVENT;
    e[p++] = (byte) parameters;
    e[p++] = (byte) HciEventParser.LE_ADVERTISING_REPORT;
    e[p++] = 1; // Num_Reports
    e[p++] = (byte) report.eventType();
    e[p++] = (byte) addressTypeCode(report);
    long address = report.address().value();
    for (int i = 0; i < 6; i++) {
      e[p++] = (byte) (address >>> (8 * i));
    }
    e[p++] = (byte) data.length;
    System.arraycopy(data, 0, e, p, data.length);
    p += data.length;
    e[p] = (byte) report.rssi();
    return e;
  }

  private static int addressTypeCode(HciAdvertisingReport report) {
    return switch (report.addressType()) {
      case PUBLIC -> 0x00;
      case RANDOM -> 0x01;
      case PUBLIC_IDENTITY -> 0x02;
      case RANDOM_IDENTITY -> 0x03;
      case UNKNOWN -> throw new IllegalArgumentException("an UNKNOWN address type has no HCI code to write");
    };
  }
}
