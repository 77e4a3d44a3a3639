package org.proximity.gateway.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.proximity.contract.payload.ClockState;
import org.proximity.gateway.publish.BrokerStats;
import org.proximity.gateway.publish.KeyStats;
import org.proximity.gateway.publish.Outbox;
import org.proximity.gateway.radio.RadioHealth;
import org.proximity.gateway.radio.RadioState;
import org.proximity.gateway.radio.gatt.GattReadStats;

/** Health snapshots for codec and schema tests. */
public final class HealthSamples {
  private HealthSamples() {}

  /**
   * A tinyb radio in {@code state} with a GATT reader, a waiting outbox and no day key yet; every
   * counter a distinct number, so a field written from the wrong counter shows.
   */
  public static Health everyCounterDistinct(RadioState state) {
    Instant time = Instant.parse("2026-11-29T16:41:35Z");
    RadioHealth radio = new RadioHealth("tinyb", state, new RadioHealth.Reports(90, 7, 2),
        new RadioHealth.DeviceCache(0, 40, 1), new RadioHealth.Recovery(1, 2, 3, 4, 5, 6, state == RadioState.FAILED));
    return new Health(new Health.Origin("s", "g", "dev"), time, Duration.ofSeconds(61),
        new Health.Advertisements(0.04, 90, Map.of(), Map.of()), new Health.Pipeline(11, 12, 8, 9, 10),
        new Outbox.OutboxStats(3, 3000, time.minusSeconds(125), 13, 14), new BrokerStats(false, 1, 2, 3, 4, 5, true),
        new Health.Radio("tinyb", radio, new GattReadStats(16, Map.of("reads", 17L, "refusals", 18L), 19, 20, 21)),
        new ClockState(false, "none"), new KeyStats(KeyStats.UNKNOWN_DAY, false, false, 15));
  }
}
