package org.proximity.backend.export;

/** {@code TemporaryExposureKey.report_type} (export.proto); numbers are the wire values. */
public enum ReportType {
  UNKNOWN(0),
  CONFIRMED_TEST(1),
  CONFIRMED_CLINICAL_DIAGNOSIS(2),
  SELF_REPORT(3),
  RECURSIVE(4),
  /** The key was withdrawn: it must not be matched. */
  REVOKED(5);

  private final int wire;

  ReportType(int wire) {
    this.wire = wire;
  }

  public int wire() {
    return wire;
  }

  static ReportType fromWire(int value) throws ExportException {
    for (ReportType t : values()) {
      if (t.wire == value) {
        return t;
      }
    }
    throw new ExportException("malformed TemporaryExposureKey: report_type " + value + " is not 0 to 5");
  }
}
