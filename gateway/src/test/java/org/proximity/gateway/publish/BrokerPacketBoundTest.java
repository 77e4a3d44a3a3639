package org.proximity.gateway.publish;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.common.mqtt.MqttKeys;
import org.proximity.common.mqtt.MqttSettings;
import org.proximity.common.mqtt.MqttSettingsFactory;
import org.proximity.common.testing.TestPki;
import org.proximity.contract.payload.TopicScheme;
import org.proximity.gateway.clock.MonotonicClock;
import org.proximity.gateway.publish.FakeBroker.Behaviour;
import org.proximity.gateway.publish.paho.PahoMqttTransport;

/**
 * A broker (or anyone on a plain-TCP path) sends CONNACK and then a PUBLISH header announcing
 * 268,435,455 bytes. Unbounded, Paho 1.2.5 allocates it and the JVM dies, or waits for ever for
 * the body. The real transport must drop that connection unread, count it, reconnect and deliver.
 */
class BrokerPacketBoundTest {
  private static final TopicScheme TOPICS = new TopicScheme("proximity", "site-1", "gw-1");
  private static final ReconnectPolicy FAST =
      new ReconnectPolicy(Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(50));

  @TempDir Path dir;

  private static MemoryOutbox outbox() {
    MemoryOutbox outbox = new MemoryOutbox();
    for (long s = 1; s <= 3; s++) {
      outbox.append(new OutboundMessage(s, TOPICS.encounters(), ("m" + s).getBytes(StandardCharsets.US_ASCII), Instant.EPOCH));
    }
    return outbox;
  }

  private static void survivesAndDelivers(FakeBroker broker, PahoMqttTransport transport) throws Exception {
    MemoryOutbox outbox = outbox();
    Forwarder f = new Forwarder(outbox, transport, TOPICS, FAST, 4, MonotonicClock.system());
    try {
      f.start();
      assertTrue(broker.awaitClosedByClient(Duration.ofSeconds(20)), "the gateway must drop the connection itself");
      await().atMost(Duration.ofSeconds(20)).until(() -> outbox.size() == 0);
      BrokerStats stats = f.stats();
      assertEquals(1, stats.oversizedPackets());
      // the header may arrive before Paho reports the connect complete: a failed connect, not a reconnect
      assertTrue(broker.connections() >= 2, "connected again: " + broker.connections());
      assertTrue(broker.acknowledged().containsAll(List.of("m1", "m2", "m3")), broker.acknowledged().toString());
    } finally {
      f.close();
    }
  }

  @Test
  void plainTcp_oversizedPublishHeaderAfterConnack_connectionDroppedCountedAndDeliveryContinues() throws Exception {
    try (FakeBroker broker = FakeBroker.plain(i -> i == 0 ? Behaviour.OVERSIZED_PUBLISH : Behaviour.NORMAL)) {
      survivesAndDelivers(broker,
          new PahoMqttTransport(new MqttSettings(broker.url(), "gw-1", null, null, null, 30, 5, 4)));
    }
  }

  @Test
  void tls_oversizedPublishHeaderAfterConnack_connectionDroppedCountedAndDeliveryContinues() throws Exception {
    TestPki pki = TestPki.create(dir.resolve("pki"));
    try (FakeBroker broker = FakeBroker.tls(pki, i -> i == 0 ? Behaviour.OVERSIZED_PUBLISH : Behaviour.NORMAL)) {
      MqttKeys mqtt = new MqttKeys(broker.url(), "proximity", pki.caFile(), null, null, null, null, 4, 30);
      survivesAndDelivers(broker, new PahoMqttTransport(MqttSettingsFactory.from(mqtt, "gw-1")));
    }
  }
}
