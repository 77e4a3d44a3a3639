package org.proximity.gateway.radio.hci;

/** Why an HCI event could not be (fully) parsed; each has a stable wire name for summaries. */
public enum HciFault {
  /** Fewer bytes than the 2-byte event header, or than Parameter_Total_Length says. */
  EVENT_TRUNCATED("event_truncated"),
  /** An LE Meta event without its Subevent_Code, or an advertising report without Num_Reports. */
  MISSING_HEADER("missing_header"),
  /** Num_Reports is 0 (the spec requires 1..0x19). */
  NO_REPORTS("no_reports"),
  /** A report's fixed fields or its Data_Length run past the event's parameters. */
  REPORT_PAST_END("report_past_end"),
  /** A legacy report with Data_Length above 31 (7.7.65.2). */
  LEGACY_DATA_TOO_LONG("legacy_data_too_long"),
  /** Bytes left over after the last report. */
  TRAILING_BYTES("trailing_bytes");

  private final String wireName;

  HciFault(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
