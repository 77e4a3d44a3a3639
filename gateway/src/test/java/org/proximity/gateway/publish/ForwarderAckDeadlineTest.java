package org.proximity.gateway.publish;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.proximity.common.mqtt.MqttSettings;
import org.proximity.contract.payload.TopicScheme;
import org.proximity.gateway.clock.MonotonicClock;
import org.proximity.gateway.publish.FakeBroker.Behaviour;
import org.proximity.gateway.publish.paho.PahoMqttTransport;

/**
 * A broker that answers PINGREQ but never PUBACKs keeps the connection "alive" for ever. With a
 * deadline on the oldest unacknowledged publish, the forwarder drops such a connection, reconnects
 * and reports the broker stalled until an acknowledgement arrives again.
 */
class ForwarderAckDeadlineTest {
  private static final TopicScheme TOPICS = new TopicScheme("proximity", "site-1", "gw-1");
  private static final ReconnectPolicy FAST =
      new ReconnectPolicy(Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(50));
  private static final Duration DEADLINE = Duration.ofSeconds(1);

  private static MemoryOutbox outbox() {
    MemoryOutbox outbox = new MemoryOutbox();
    for (long s = 1; s <= 3; s++) {
      outbox.append(new OutboundMessage(s, TOPICS.encounters(), ("m" + s).getBytes(StandardCharsets.US_ASCII), Instant.EPOCH));
    }
    return outbox;
  }

  private static PahoMqttTransport transport(FakeBroker broker) throws Exception {
    // keep-alive 5 s: the silent broker answers PINGREQ, so only the deadline can notice
    return new PahoMqttTransport(new MqttSettings(broker.url(), "gw-1", null, null, null, 5, 5, 4));
  }

  @Test
  void brokerStopsAcknowledging_connectionDroppedAfterTheDeadline_thenDeliveredOnTheNextConnection() throws Exception {
    try (FakeBroker broker = FakeBroker.plain(i -> i == 0 ? Behaviour.SILENT_ON_PUBLISH : Behaviour.NORMAL)) {
      MemoryOutbox outbox = outbox();
      Forwarder f = new Forwarder(outbox, transport(broker), TOPICS, FAST, 4, DEADLINE, MonotonicClock.system());
      try {
        f.start();
        assertTrue(broker.awaitClosedByClient(Duration.ofSeconds(20)), "the gateway must drop the silent connection");
        await().atMost(Duration.ofSeconds(20)).until(() -> outbox.size() == 0);
        BrokerStats stats = f.stats();
        assertEquals(1, stats.ackTimeouts());
        assertFalse(stats.stalled(), "acknowledgements arrive again: " + stats);
        assertTrue(broker.unacknowledged().contains("m1"), "m1 reached the silent connection first");
        assertTrue(broker.acknowledged().containsAll(List.of("m1", "m2", "m3")), broker.acknowledged().toString());
      } finally {
        f.close();
      }
    }
  }

  @Test
  void brokerNeverAcknowledges_reportedStalledWhileConnected_andNothingLeavesTheOutbox() throws Exception {
    try (FakeBroker broker = FakeBroker.plain(i -> Behaviour.SILENT_ON_PUBLISH)) {
      MemoryOutbox outbox = outbox();
      Forwarder f = new Forwarder(outbox, transport(broker), TOPICS, FAST, 4, DEADLINE, MonotonicClock.system());
      try {
        f.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> f.stats().ackTimeouts() >= 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> f.stats().connected());
        assertTrue(f.stats().stalled(), "connected again but still not acknowledging: " + f.stats());
        assertEquals(3, outbox.size());
      } finally {
        f.close();
      }
    }
  }
}
