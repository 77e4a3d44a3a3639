package org.proximity.backend.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code TemporaryExposureKeyExport} of export.proto: a batch of diagnosis keys as a health
 * authority publishes them (docs/gaen-export.md).
 *
 * @param startTimestamp UTC seconds; with {@code endTimestamp} the window of arrival at the server
 * @param keys keys released for the first time
 * @param revisedKeys keys whose report type changed since an earlier export, or that were revoked
 */
public record ExportFile(
    long startTimestamp,
    long endTimestamp,
    String region,
    int batchNum,
    int batchSize,
    List<SignatureInfo> signatureInfos,
    List<DiagnosisKey> keys,
    List<DiagnosisKey> revisedKeys) {

  public ExportFile {
    Objects.requireNonNull(region, "region");
    signatureInfos = List.copyOf(signatureInfos);
    keys = List.copyOf(keys);
    revisedKeys = List.copyOf(revisedKeys);
  }

  /**
   * The keys to match: {@code keys} with each revised key replacing the key with the same TEK and
   * start (or joining them, when it revises a key of an earlier export), then every key whose report
   * type is {@link ReportType#REVOKED} left out. Duplicates collapse to one.
   */
  public List<DiagnosisKey> keysToMatch() {
    Map<String, DiagnosisKey> byKey = new LinkedHashMap<>();
    for (DiagnosisKey k : keys) {
      byKey.putIfAbsent(k.identity(), k);
    }
    for (DiagnosisKey r : revisedKeys) {
      byKey.put(r.identity(), r);
    }
    List<DiagnosisKey> out = new ArrayList<>(byKey.size());
    for (DiagnosisKey k : byKey.values()) {
      if (k.reportType() != ReportType.REVOKED) {
        out.add(k);
      }
    }
    return out;
  }
}
