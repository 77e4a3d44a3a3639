package org.proximity.gateway.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.proximity.common.mqtt.MqttSettings;
import org.proximity.common.testing.MosquittoBroker;
import org.proximity.contract.payload.TopicScheme;
import org.proximity.gateway.clock.MonotonicClock;
import org.proximity.gateway.publish.paho.PahoMqttTransport;
import org.proximity.gateway.publish.paho.PahoSubscriber;

/** The forwarder against a real (embedded Moquette) broker on loopback. */
class ForwarderIT {
  private final TopicScheme topics = new TopicScheme("proximity", "site-1", "gw-1");
  private static final ReconnectPolicy FAST =
      new ReconnectPolicy(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(200));

  private static PahoMqttTransport transport(String url) throws Exception {
    return new PahoMqttTransport(
        new MqttSettings(url, "gw-1", null, null, null, 30, 5, 100));
  }

  private static OutboundMessage msg(long seq, String topic) {
    return new OutboundMessage(seq, topic, ("m" + seq).getBytes(StandardCharsets.US_ASCII), Instant.EPOCH);
  }

  private static List<String> take(BlockingQueue<String> q, int n) throws InterruptedException {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String s = q.poll(20, TimeUnit.SECONDS);
      if (s == null) {
        break;
      }
      out.add(s);
    }
    return out;
  }

  @Test
  void forwarder_manyMessages_deliversAllInOrderAndEmptiesTheOutbox() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.startTemporary()) {
      BlockingQueue<String> got = new LinkedBlockingQueue<>();
      try (PahoSubscriber sub =
          new PahoSubscriber(broker.url(), "sub", topics.encounters(), (t, p) -> got.add(new String(p, StandardCharsets.US_ASCII)))) {
        MemoryOutbox outbox = new MemoryOutbox();
        for (long s = 1; s <= 500; s++) {
          outbox.append(msg(s, topics.encounters()));
        }
        Forwarder f = new Forwarder(outbox, transport(broker.url()), topics, FAST, 20, MonotonicClock.system());
        f.start();
        List<String> received = take(got, 500);
        assertTrue(f.drain(Duration.ofSeconds(20)));
        f.close();
        List<String> expected = new ArrayList<>();
        for (long s = 1; s <= 500; s++) {
          expected.add("m" + s);
        }
        assertEquals(expected, received);
        assertEquals(0, outbox.size());
      }
    }
  }

  @Test
  void forwarder_brokerDownAtStart_deliversOnceTheBrokerComesUp() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.temporary()) {
      MemoryOutbox outbox = new MemoryOutbox();
      outbox.append(msg(1, topics.encounters()));
      Forwarder f = new Forwarder(outbox, transport(broker.url()), topics, FAST, 5, MonotonicClock.system());
      f.start();
      assertEquals(1, outbox.size());
      broker.start();
      assertTrue(f.drain(Duration.ofSeconds(20)), "outbox drained after the broker came up");
      BlockingQueue<String> status = new LinkedBlockingQueue<>();
      try (PahoSubscriber sub =
          new PahoSubscriber(broker.url(), "sub2", topics.status(), (t, p) -> status.add(new String(p, StandardCharsets.US_ASCII)))) {
        assertEquals("online", status.poll(10, TimeUnit.SECONDS), "retained status");
        f.close();
        assertEquals("offline", status.poll(10, TimeUnit.SECONDS), "status after a clean stop");
      }
    }
  }
}
