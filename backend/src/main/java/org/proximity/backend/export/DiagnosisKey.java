package org.proximity.backend.export;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.proximity.contract.rollingid.EnIntervalNumber;
import org.proximity.contract.rollingid.GaenKeySchedule;

/**
 * A published Temporary Exposure Key ({@code TemporaryExposureKey} of export.proto): valid for the
 * ENINs {@code [rollingStartIntervalNumber, rollingStartIntervalNumber + rollingPeriod)}.
 * {@link #toString()} never prints the key.
 *
 * @param keyData the 16-byte TEK; copied in and out
 * @param rollingPeriod 1 to 144 (absent on the wire means 144)
 * @param reportType {@link ReportType#UNKNOWN} when absent
 */
public record DiagnosisKey(byte[] keyData, int rollingStartIntervalNumber, int rollingPeriod, ReportType reportType) {

  public DiagnosisKey {
    Objects.requireNonNull(keyData, "keyData");
    Objects.requireNonNull(reportType, "reportType");
    if (keyData.length != GaenKeySchedule.TEK_LENGTH) {
      throw new IllegalArgumentException("key_data must be 16 bytes, was " + keyData.length);
    }
    if (rollingStartIntervalNumber < 0) {
      throw new IllegalArgumentException(
          "rolling_start_interval_number must be >= 0, was " + rollingStartIntervalNumber);
    }
    if (rollingPeriod < 1 || rollingPeriod > EnIntervalNumber.TEK_ROLLING_PERIOD) {
      throw new IllegalArgumentException("rolling_period must be 1 to 144, was " + rollingPeriod);
    }
    keyData = keyData.clone();
  }

  /** A key valid for a whole day from {@code rollingStartIntervalNumber}, report type unknown. */
  public static DiagnosisKey ofDay(byte[] tek, int rollingStartIntervalNumber) {
    return new DiagnosisKey(tek, rollingStartIntervalNumber, EnIntervalNumber.TEK_ROLLING_PERIOD, ReportType.UNKNOWN);
  }

  @Override
  public byte[] keyData() {
    return keyData.clone();
  }

  /** The key as lowercase hex, for the exposure output only. */
  public String keyHex() {
    return HexFormat.of().formatHex(keyData);
  }

  /** TEK and start: what a revised key replaces. */
  String identity() {
    return keyHex() + "/" + rollingStartIntervalNumber;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DiagnosisKey k && Arrays.equals(keyData, k.keyData)
        && rollingStartIntervalNumber == k.rollingStartIntervalNumber && rollingPeriod == k.rollingPeriod && reportType == k.reportType;
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(keyData), rollingStartIntervalNumber, rollingPeriod, reportType);
  }

  @Override
  public String toString() {
    return "DiagnosisKey[redacted, rsin=" + rollingStartIntervalNumber + ", period=" + rollingPeriod + ", " + reportType + "]";
  }
}
