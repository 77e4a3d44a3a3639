package org.proximity.gateway.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.proximity.contract.payload.ClockState;
import org.proximity.gateway.publish.BrokerStats;
import org.proximity.gateway.publish.KeyStats;
import org.proximity.gateway.publish.Outbox;
import org.proximity.gateway.radio.RadioHealth;
import org.proximity.gateway.radio.gatt.GattReadStats;

/**
 * Everything the health topic reports, one snapshot; built by the health reporter once a period,
 * encoded by {@link HealthCodec} and read by the status rules. Each part is what one stage reports.
 *
 * @param origin who reports
 * @param time when the snapshot was taken (wall clock)
 * @param uptime since the service started
 * @param advertisements what was heard
 * @param pipeline the pipeline thread's queue and losses
 * @param outbox what waits for the broker
 * @param broker the forwarder's view of the broker
 * @param radio the source and, for a real radio, its recovery state
 * @param clock whether the wall clock is synchronised
 * @param keys the day key's state (never the key)
 */
public record Health(
    Origin origin,
    Instant time,
    Duration uptime,
    Advertisements advertisements,
    Pipeline pipeline,
    Outbox.OutboxStats outbox,
    BrokerStats broker,
    Radio radio,
    ClockState clock,
    KeyStats keys) {

  /** The site and gateway names and the gateway's version. */
  public record Origin(String site, String gateway, String version) {}

  /**
   * @param perSecond reports per second since the previous snapshot
   * @param total reports received since start
   * @param byKind totals by {@code DeviceKind.wireName()}
   * @param malformedByReason totals by {@code AdFault.Reason.wireName()}
   */
  public record Advertisements(double perSecond, long total, Map<String, Long> byKind, Map<String, Long> malformedByReason) {
    public Advertisements {
      byKind = Map.copyOf(byKind);
      malformedByReason = Map.copyOf(malformedByReason);
    }
  }

  /**
   * @param queueDepth reports waiting for the pipeline thread
   * @param trackedIds rolling IDs held in open buckets
   * @param droppedByQueue reports dropped because the queue was full
   * @param unhashableBuckets buckets dropped because no day key could hash them
   * @param internalErrors reports or buckets lost to an internal error
   */
  public record Pipeline(int queueDepth, int trackedIds, long droppedByQueue, long unhashableBuckets, long internalErrors) {}

  /**
   * @param source the source's name ({@code bluez}, {@code tinyb}, {@code replay}, {@code simulator})
   * @param health the radio's recovery state and counters; null for the simulator and replay
   * @param gattReads the Bluezone iPhone reader's counters; null without one ({@code read_ids = false})
   */
  public record Radio(String source, RadioHealth health, GattReadStats gattReads) {}
}
