package org.proximity.gateway.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.TopicScheme;
import org.proximity.gateway.bucket.EncounterAggregator;
import org.proximity.gateway.config.ConfigLoader;

/** The settings builder's defaults, and the service's mapping of each gateway.toml key to its setting. */
class GatewaySettingsTest {

  @Test
  void builderDefaults_areThoseOfGatewayToml_butHoldNothingForTheClock() throws Exception {
    Gateway.Settings fromToml = Service.settings(ConfigLoader.parse("site = \"s\"\ngateway = \"g\"\n", "minimal"));
    Gateway.Settings defaults = Gateway.Settings.builder(Gateway.Timing.LIVE, new TopicScheme("proximity", "s", "g"))
        .maxClockHold(Duration.ofMinutes(360)).build();
    assertEquals(defaults, fromToml);
    assertEquals(Duration.ZERO,
        Gateway.Settings.builder(Gateway.Timing.SOURCE_TIME, new TopicScheme("proximity", "s", "g")).build().maxClockHold());
  }

  @Test
  void serviceSettings_takeEachKeyIntoItsOwnSetting() throws Exception {
    Gateway.Settings s = Service.settings(ConfigLoader.parse("""
        site = "s"
        gateway = "g"
        [radio]
        source = "simulator"
        queue_size = 100
        [buckets]
        minutes = 10
        max_ids = 7
        max_addresses = 8
        close_grace_seconds = 9
        [clock]
        max_hold_minutes = 11
        [mqtt]
        topic_prefix = "px"
        max_records_per_message = 12
        max_inflight = 13
        ack_timeout_seconds = 44
        """, "every key"));
    Gateway.Settings expected = Gateway.Settings.builder(Gateway.Timing.SOURCE_TIME, new TopicScheme("px", "s", "g"))
        .buckets(new BucketWidth(10), new EncounterAggregator.Limits(7, 8))
        .closeGrace(Duration.ofSeconds(9))
        .queueSize(100)
        .maxRecordsPerMessage(12)
        .mqttWindow(13)
        .maxClockHold(Duration.ofMinutes(11))
        .ackTimeout(Duration.ofSeconds(44))
        .build();
    assertEquals(expected, s);
  }
}
