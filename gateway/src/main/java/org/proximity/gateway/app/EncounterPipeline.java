package org.proximity.gateway.app;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.proximity.gateway.ad.AdFault;
import org.proximity.gateway.ad.AdvertisementDecoder;
import org.proximity.gateway.ad.DecodedAdvertisement;
import org.proximity.gateway.bucket.BatchSink;
import org.proximity.gateway.bucket.EncounterAggregator;
import org.proximity.gateway.bucket.EncounterBatch;
import org.proximity.gateway.ad.DeviceKind;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.ReasonCounts;

/**
 * Decode → aggregate → close, with no thread and no clock of its own: the threaded {@link
 * Pipeline} drives it from the radio, and {@code replay} drives it synchronously with capture time.
 * Not thread-safe.
 */
public final class EncounterPipeline {
  private final AdvertisementDecoder decoder = new AdvertisementDecoder();
  private final EncounterAggregator aggregator;
  private final BatchSink sink;
  private final Map<DeviceKind, Long> byKind = new EnumMap<>(DeviceKind.class);
  private long advertisements;
  private long malformed;
  private final ReasonCounts<AdFault.Reason> malformedByReason = new ReasonCounts<>(AdFault.Reason.class);
  private long batches;

  public EncounterPipeline(EncounterAggregator aggregator, BatchSink sink) {
    this.aggregator = aggregator;
    this.sink = sink;
  }

  public void process(Advertisement a) {
    DecodedAdvertisement d = decoder.decode(a.dataUnsafe());
    advertisements++;
    byKind.merge(d.kind(), 1L, Long::sum);
    if (d.fault() != null) {
      malformed++;
      malformedByReason.add(d.fault().reason());
    }
    if (d.rollingId() != null) {
      aggregator.sightId(a.receivedAt(), d.kind(), d.rollingId(), d.metadata(), a.rssi());
    } else {
      aggregator.sightPresence(a.receivedAt(), d.kind(), a.address().value(), d.fault() != null);
    }
  }

  /** Hands on every bucket that ended at or before {@code now}; returns how many. */
  public int closeEndedBy(Instant now) {
    int n = 0;
    for (EncounterBatch b : aggregator.closeEndedBy(now)) {
      hand(b);
      n++;
    }
    return n;
  }

  /** Hands on every open bucket as partial (end of input or shutdown). */
  public int closeAllAsPartial() {
    int n = 0;
    for (EncounterBatch b : aggregator.closeAllAsPartial()) {
      hand(b);
      n++;
    }
    return n;
  }

  private void hand(EncounterBatch b) {
    sink.accept(b);
    batches++;
  }

  public long advertisements() {
    return advertisements;
  }

  public long malformed() {
    return malformed;
  }

  /** Malformed advertising data by fault reason. */
  public Map<AdFault.Reason, Long> malformedByReason() {
    return malformedByReason.nonZero();
  }

  public long batches() {
    return batches;
  }

  public Map<DeviceKind, Long> advertisementsByKind() {
    return Map.copyOf(byKind);
  }

  public int trackedIds() {
    return aggregator.trackedIds();
  }
}
