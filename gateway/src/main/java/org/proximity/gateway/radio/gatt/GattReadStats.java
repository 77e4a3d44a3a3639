package org.proximity.gateway.radio.gatt;

import java.util.Map;

/**
 * The GATT reader's counters for the health topic (totals since start).
 *
 * @param attempts connections started
 * @param outcomes how the finished attempts ended, by {@link GattOutcome#wireName()}
 * @param skippedSlot iPhones heard again in a slot in which they were already tried
 * @param skippedRate iPhones not tried because {@code max_per_minute} was reached
 * @param skippedBusy iPhones not tried because another connection was running
 */
public record GattReadStats(
    long attempts, Map<String, Long> outcomes, long skippedSlot, long skippedRate, long skippedBusy) {

  public GattReadStats {
    outcomes = Map.copyOf(outcomes);
  }

  public long outcome(GattOutcome o) {
    return outcomes.getOrDefault(o.wireName(), 0L);
  }
}
