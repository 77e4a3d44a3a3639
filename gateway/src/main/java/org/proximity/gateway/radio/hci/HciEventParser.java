package org.proximity.gateway.radio.hci;

import java.util.function.Consumer;
import org.proximity.gateway.ad.AdParser;
import org.proximity.gateway.radio.AddressType;
import org.proximity.gateway.radio.BluetoothAddress;
import org.proximity.gateway.radio.ReasonCounts;

/**
 * Splits HCI event packets into advertising reports (Core Spec v5.3 Vol 4, Part E, 5.4.4 for the
 * event packet; 7.7.65.2 and 7.7.65.13 for the reports). Length-checked before every read, never
 * throws on wire input: a malformed event delivers the reports before the fault and counts the
 * fault by reason. Arrayed parameters are read report by report (Event_Type[0], Address_Type[0],
 * …, then report 1), as Vol 4, Part E, 5.2 lays them out and as BlueZ's monitor decodes them.
 *
 * <p>Not thread-safe: one parser per reader thread.
 */
public final class HciEventParser {
  /** HCI_LE_Meta event code (7.7.65). */
  public static final int LE_META_EVENT = 0x3E;
  /** HCI_LE_Advertising_Report subevent (7.7.65.2). */
  public static final int LE_ADVERTISING_REPORT = 0x02;
  /** HCI_LE_Extended_Advertising_Report subevent (7.7.65.13). */
  public static final int LE_EXTENDED_ADVERTISING_REPORT = 0x0D;

  private static final int EVENT_HEADER = 2; // Event_Code, Parameter_Total_Length
  /** Event_Type, Address_Type, Address(6), Data_Length; RSSI follows the data. */
  private static final int LEGACY_FIXED = 1 + 1 + 6 + 1;
  /**
   * Event_Type(2), Address_Type, Address(6), Primary_PHY, Secondary_PHY, Advertising_SID,
   * TX_Power, RSSI, Periodic_Advertising_Interval(2), Direct_Address_Type, Direct_Address(6),
   * Data_Length: 24 bytes before the data.
   */
  private static final int EXTENDED_FIXED = 24;
  /** Extended Address_Type 0xFF: anonymous, no address (7.7.65.13). */
  private static final int ANONYMOUS = 0xFF;

  private final ReasonCounts<HciFault> faults = new ReasonCounts<>(HciFault.class);
  private long events;
  private long reports;

  /**
   * Parses one HCI event packet {@code buf[off, off + len)}: Event_Code, Parameter_Total_Length,
   * parameters (no H4 packet-type byte). Events other than advertising reports are ignored.
   *
   * @return the number of reports delivered to {@code out}
   */
  public int parseEvent(byte[] buf, int off, int len, Consumer<HciAdvertisingReport> out) {
    return parseEvent(buf, off, len, HciReportSink.of(out));
  }

  /** The same, each report's fields handed to {@code out} with no object made. */
  public int parseEvent(byte[] buf, int off, int len, HciReportSink out) {
    events++;
    if (len < EVENT_HEADER) {
      faults.add(HciFault.EVENT_TRUNCATED);
      return 0;
    }
    int code = u8(buf, off);
    int plen = u8(buf, off + 1);
    if (EVENT_HEADER + plen > len) {
      faults.add(HciFault.EVENT_TRUNCATED);
      return 0;
    }
    if (code != LE_META_EVENT) {
      return 0;
    }
    int p = off + EVENT_HEADER;
    int end = p + plen;
    if (p >= end) {
      faults.add(HciFault.MISSING_HEADER);
      return 0;
    }
    int subevent = u8(buf, p);
    if (subevent != LE_ADVERTISING_REPORT && subevent != LE_EXTENDED_ADVERTISING_REPORT) {
      return 0;
    }
    if (p + 1 >= end) {
      faults.add(HciFault.MISSING_HEADER);
      return 0;
    }
    int num = u8(buf, p + 1);
    if (num == 0) {
      faults.add(HciFault.NO_REPORTS);
      return 0;
    }
    return subevent == LE_ADVERTISING_REPORT
        ? legacyReports(buf, p + 2, end, num, out)
        : extendedReports(buf, p + 2, end, num, out);
  }

  private int legacyReports(byte[] buf, int p, int end, int num, HciReportSink out) {
    for (int i = 0; i < num; i++) {
      if (p + LEGACY_FIXED > end) {
        return fault(HciFault.REPORT_PAST_END, i);
      }
      int dataLength = u8(buf, p + 8);
      if (dataLength > AdParser.LEGACY_MAX_LENGTH) {
        return fault(HciFault.LEGACY_DATA_TOO_LONG, i);
      }
      int data = p + LEGACY_FIXED;
      if (data + dataLength + 1 > end) { // + RSSI
        return fault(HciFault.REPORT_PAST_END, i);
      }
      out.report(false, u8(buf, p), AddressType.fromHci(u8(buf, p + 1)),
          BluetoothAddress.valueFromLittleEndian(buf, p + 2), HciAdvertisingReport.LEGACY_PRIMARY_PHY,
          HciAdvertisingReport.NO_SECONDARY_PHY, HciAdvertisingReport.NO_SID, HciAdvertisingReport.TX_POWER_UNAVAILABLE,
          buf[data + dataLength], buf, data, dataLength);
      reports++;
      p = data + dataLength + 1;
    }
    return trailing(p, end, num);
  }

  private int extendedReports(byte[] buf, int p, int end, int num, HciReportSink out) {
    for (int i = 0; i < num; i++) {
      if (p + EXTENDED_FIXED > end) {
        return fault(HciFault.REPORT_PAST_END, i);
      }
      int dataLength = u8(buf, p + 23);
      int data = p + EXTENDED_FIXED;
      if (data + dataLength > end) {
        return fault(HciFault.REPORT_PAST_END, i);
      }
      int addressTypeCode = u8(buf, p + 2);
      boolean anonymous = addressTypeCode == ANONYMOUS;
      out.report(
          true,
          u8(buf, p) | u8(buf, p + 1) << 8,
          AddressType.fromHci(addressTypeCode),
          anonymous ? 0 : BluetoothAddress.valueFromLittleEndian(buf, p + 3),
          u8(buf, p + 9),
          u8(buf, p + 10),
          u8(buf, p + 11),
          buf[p + 12],
          buf[p + 13],
          buf, data, dataLength);
      reports++;
      p = data + dataLength;
    }
    return trailing(p, end, num);
  }

  private int trailing(int p, int end, int delivered) {
    if (p != end) {
      faults.add(HciFault.TRAILING_BYTES);
    }
    return delivered;
  }

  private int fault(HciFault reason, int delivered) {
    faults.add(reason);
    return delivered;
  }

  private static int u8(byte[] b, int i) {
    return Byte.toUnsignedInt(b[i]);
  }

  /** Faults by reason since this parser was made. */
  public ReasonCounts<HciFault> faults() {
    return faults;
  }

  public long events() {
    return events;
  }

  public long reports() {
    return reports;
  }
}
