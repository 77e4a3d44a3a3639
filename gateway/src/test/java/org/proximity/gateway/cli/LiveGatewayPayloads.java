package org.proximity.gateway.cli;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.proximity.common.mqtt.MqttSettings;
import org.proximity.common.testing.MosquittoBroker;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.ClockState;
import org.proximity.contract.payload.TopicScheme;
import org.proximity.contract.rollingid.SiteRootKey;
import org.proximity.gateway.app.Gateway;
import org.proximity.gateway.app.HealthReporter;
import org.proximity.gateway.app.RatchetingKeys;
import org.proximity.gateway.bucket.EncounterAggregator;
import org.proximity.gateway.clock.MonotonicClock;
import org.proximity.gateway.publish.MemoryOutbox;
import org.proximity.gateway.publish.paho.PahoMqttTransport;
import org.proximity.gateway.publish.paho.PahoSubscriber;
import org.proximity.gateway.radio.simulator.ScaledClock;
import org.proximity.gateway.radio.simulator.SimulatedAdvertisementSource;
import org.proximity.gateway.radio.simulator.SimulationConfig;
import org.proximity.gateway.radio.simulator.StationSimulator;

/**
 * Every payload a running gateway publishes, by topic leaf (encounters, health, crowd, status):
 * a simulated station through the real gateway into an embedded broker, captured once per test JVM.
 */
final class LiveGatewayPayloads {
  private static Map<String, List<byte[]>> captured;

  private LiveGatewayPayloads() {}

  static synchronized List<byte[]> of(String leaf) throws Exception {
    if (captured == null) {
      captured = capture();
    }
    return captured.getOrDefault(leaf, List.of());
  }

  private static Map<String, List<byte[]>> capture() throws Exception {
    Map<String, List<byte[]>> byLeaf = new ConcurrentHashMap<>();
    TopicScheme topics = new TopicScheme("proximity", "schema-site", "schema-gw");
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ScaledClock clock = ScaledClock.startingNow(start, 300);
    try (MosquittoBroker broker = MosquittoBroker.startTemporary();
        PahoSubscriber sub = new PahoSubscriber(broker.url(), "schema-backend", "proximity/#",
            (t, p) -> byLeaf.computeIfAbsent(t.substring(t.lastIndexOf('/') + 1), k -> new CopyOnWriteArrayList<>()).add(p))) {
      MemoryOutbox outbox = new MemoryOutbox();
      SimulatedAdvertisementSource source =
          new SimulatedAdvertisementSource(new StationSimulator(SimulationConfig.defaults(9, start).withDevices(10, 6)), clock);
      Gateway gw = new Gateway(
          Gateway.Settings.builder(Gateway.Timing.SOURCE_TIME, topics)
              .buckets(new BucketWidth(5), EncounterAggregator.Limits.DEFAULT).closeGrace(Duration.ofSeconds(1))
              .maxRecordsPerMessage(20).mqttWindow(16).drainTimeout(Duration.ofSeconds(10)).build(),
          source, clock, MonotonicClock.system(), RatchetingKeys.fromRoot(SiteRootKey.parseHex("22".repeat(32))), outbox, outbox.sequence(),
          new PahoMqttTransport(new MqttSettings(broker.url(), topics.gateway(), null, null, null, 30, 5, 16)));
      HealthReporter health =
          new HealthReporter(gw, source, InstantSource.system(), MonotonicClock.system(), () -> ClockState.SIMULATED, topics.site(), topics.gateway());
      gw.start();
      health.start(Duration.ofMillis(200));
      await().atMost(Duration.ofSeconds(60)).until(() ->
          byLeaf.getOrDefault("encounters", List.of()).size() >= 2
              && byLeaf.getOrDefault("crowd", List.of()).size() >= 3
              && byLeaf.getOrDefault("health", List.of()).size() >= 2);
      health.close();
      gw.close();
      await().atMost(Duration.ofSeconds(10)).until(() -> byLeaf.getOrDefault("status", List.of()).size() >= 2);
    }
    return Map.copyOf(byLeaf);
  }
}
