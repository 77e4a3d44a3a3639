package org.proximity.gateway.publish;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.proximity.contract.payload.TopicScheme;
import org.proximity.gateway.clock.MonotonicClock;

/**
 * What no real broker shows on demand: a client library that refuses one publish on the spot
 * (Paho's "too many publishes in progress", 32202). A later message must not overtake it.
 */
class ForwarderOrderTest {

  /** Refuses the first attempt at seq 3 synchronously; records the order of successful publishes. */
  private static final class RefusingTransport implements MqttTransport {
    final List<String> delivered = new ArrayList<>();
    private boolean refused;

    @Override
    public void connect(String willTopic, byte[] willPayload) {}

    @Override
    public boolean isConnected() {
      return true;
    }

    @Override
    public synchronized CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retained) {
      String body = new String(payload, StandardCharsets.US_ASCII);
      if (!topic.endsWith("/encounters")) {
        return CompletableFuture.completedFuture(null);
      }
      if (body.equals("m3") && !refused) {
        refused = true;
        return CompletableFuture.failedFuture(new IllegalStateException("Too many publishes in progress (32202)"));
      }
      delivered.add(body);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void dropConnection() {}

    @Override
    public void onConnectionLost(Runnable listener) {}

    @Override
    public void close() {}
  }

  @Test
  void forwarder_publishRefusedOnTheSpot_resendsItBeforeAnythingLater() throws Exception {
    MemoryOutbox outbox = new MemoryOutbox();
    for (long s = 1; s <= 6; s++) {
      outbox.append(new OutboundMessage(s, "p/s/g/encounters", ("m" + s).getBytes(StandardCharsets.US_ASCII), Instant.EPOCH));
    }
    RefusingTransport transport = new RefusingTransport();
    Forwarder f = new Forwarder(outbox, transport, new TopicScheme("p", "s", "g"), ReconnectPolicy.DEFAULT, 8, MonotonicClock.system());
    f.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> outbox.size() == 0);
    f.close();
    List<String> firstArrivals = transport.delivered.stream().distinct().toList();
    assertEquals(List.of("m1", "m2", "m3", "m4", "m5", "m6"), firstArrivals);
  }
}
