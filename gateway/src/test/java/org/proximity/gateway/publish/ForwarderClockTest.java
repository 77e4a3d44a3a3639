package org.proximity.gateway.publish;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.proximity.contract.payload.TopicScheme;

/**
 * The PUBACK deadline counts on the injected monotonic clock: while it stands still, a broker that
 * never acknowledges is kept however long the test takes; once it passes the deadline, the
 * connection is dropped. (The real-broker view of the same rule is ForwarderAckDeadlineTest.)
 */
class ForwarderClockTest {
  private static final TopicScheme TOPICS = new TopicScheme("p", "s", "g");

  /** Connected until dropped; acknowledges the status topic, never an encounters message. */
  private static final class SilentTransport implements MqttTransport {
    final AtomicInteger silentPublishes = new AtomicInteger();
    final AtomicInteger connectedChecks = new AtomicInteger();
    final AtomicInteger drops = new AtomicInteger();
    private volatile boolean connected;

    @Override
    public void connect(String willTopic, byte[] willPayload) {
      connected = true;
    }

    @Override
    public boolean isConnected() {
      connectedChecks.incrementAndGet();
      return connected;
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retained) {
      if (topic.equals(TOPICS.status())) {
        return CompletableFuture.completedFuture(null);
      }
      silentPublishes.incrementAndGet();
      return new CompletableFuture<>();
    }

    @Override
    public void dropConnection() {
      drops.incrementAndGet();
      connected = false;
    }

    @Override
    public void onConnectionLost(Runnable listener) {}

    @Override
    public void close() {}
  }

  @Test
  void silentBroker_keptWhileTheMonotonicClockStands_droppedOnceItPassesTheDeadline() {
    MemoryOutbox outbox = new MemoryOutbox();
    for (long s = 1; s <= 3; s++) {
      outbox.append(new OutboundMessage(s, TOPICS.encounters(), ("m" + s).getBytes(StandardCharsets.US_ASCII), Instant.EPOCH));
    }
    SilentTransport transport = new SilentTransport();
    AtomicLong nanos = new AtomicLong();
    Forwarder f = new Forwarder(outbox, transport, TOPICS, ReconnectPolicy.DEFAULT, 4, Duration.ofMillis(1), nanos::get);
    f.start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> transport.silentPublishes.get() == 3);
      // a few more passes of the loop, each looking at the deadline, with the clock standing
      int checks = transport.connectedChecks.get();
      await().atMost(Duration.ofSeconds(20)).until(() -> transport.connectedChecks.get() >= checks + 3);
      assertEquals(0, transport.drops.get(), "no time has passed on the injected clock");
      assertEquals(0, f.stats().ackTimeouts());

      nanos.addAndGet(Duration.ofMillis(1).toNanos() + 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> transport.drops.get() == 1);
      assertEquals(1, f.stats().ackTimeouts());
      assertEquals(3, outbox.size(), "nothing acknowledged");
    } finally {
      f.close();
    }
  }
}
