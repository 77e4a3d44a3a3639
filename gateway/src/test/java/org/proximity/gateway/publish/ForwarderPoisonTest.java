package org.proximity.gateway.publish;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.proximity.contract.payload.TopicScheme;
import org.proximity.gateway.clock.MonotonicClock;

/**
 * A broker that drops the connection whenever one message arrives (over its size limit): what a
 * real broker does only with a special configuration, shown here with a fake transport.
 */
class ForwarderPoisonTest {

  private static final class ClosingOnPoison implements MqttTransport {
    final List<String> delivered = new CopyOnWriteArrayList<>();
    final List<Runnable> lost = new CopyOnWriteArrayList<>();
    volatile boolean connected;
    volatile int poisonAttempts;

    @Override
    public void connect(String willTopic, byte[] willPayload) {
      connected = true;
    }

    @Override
    public boolean isConnected() {
      return connected;
    }

    @Override
    public synchronized CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retained) {
      if (!connected) {
        return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
      }
      String body = new String(payload, StandardCharsets.US_ASCII);
      if (body.equals("poison")) {
        poisonAttempts++;
        connected = false;
        lost.forEach(Runnable::run);
        return CompletableFuture.failedFuture(new IllegalStateException("connection lost"));
      }
      if (topic.endsWith("/encounters")) {
        delivered.add(body);
      }
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void dropConnection() {
      connected = false;
    }

    @Override
    public void onConnectionLost(Runnable listener) {
      lost.add(listener);
    }

    @Override
    public void close() {}
  }

  private static OutboundMessage msg(long seq, String body) {
    return new OutboundMessage(seq, "p/s/g/encounters", body.getBytes(StandardCharsets.US_ASCII), Instant.EPOCH);
  }

  @Test
  void forwarder_brokerDropsTheConnectionOnOneMessage_rejectsItAfterFiveStrikesAndDeliversTheRest() {
    MemoryOutbox outbox = new MemoryOutbox();
    outbox.append(msg(1, "m1"));
    outbox.append(msg(2, "poison"));
    outbox.append(msg(3, "m3"));
    outbox.append(msg(4, "m4"));
    ClosingOnPoison transport = new ClosingOnPoison();
    Forwarder f = new Forwarder(outbox, transport, new TopicScheme("p", "s", "g"),
        new ReconnectPolicy(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(5)), 1, MonotonicClock.system());
    f.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> outbox.size() == 0);
    f.close();
    assertEquals(List.of("m1", "m3", "m4"), transport.delivered);
    assertEquals(1, f.rejected());
    // the first attempt shared its connection with m1's acknowledgement, so it was no strike
    assertEquals(Forwarder.STRIKES_TO_REJECT + 1, transport.poisonAttempts);
  }
}
