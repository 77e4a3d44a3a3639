package org.proximity.gateway.app;

import java.util.Map;
import org.proximity.gateway.ad.AdFault;
import org.proximity.gateway.ad.DeviceKind;

/**
 * A consistent snapshot of the pipeline's counters, taken on the pipeline thread and read by the
 * health reporter (plain longs are not safe to read across threads on a 32-bit JVM).
 */
public record PipelineStats(
    long received,
    long dropped,
    long processed,
    int queueDepth,
    int trackedIds,
    Map<DeviceKind, Long> advertisementsByKind,
    Map<AdFault.Reason, Long> malformedByReason,
    long batches,
    long clockSteps,
    long internalErrors,
    long unhashableBuckets) {

  public static final PipelineStats EMPTY = new PipelineStats(0, 0, 0, 0, 0, Map.of(), Map.of(), 0, 0, 0, 0);

  public PipelineStats {
    advertisementsByKind = Map.copyOf(advertisementsByKind);
    malformedByReason = Map.copyOf(malformedByReason);
  }
}
