package org.proximity.gateway.publish;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.proximity.contract.payload.TopicScheme;
import org.proximity.gateway.clock.MonotonicClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread {@value #THREAD_NAME}: moves messages from the outbox to the broker at QoS 1 and
 * acknowledges them in the outbox on PUBACK. It owns the MQTT connection: connects with a retained
 * last will {@code offline}, announces {@code online} (retained), and reconnects with backoff.
 *
 * <p>At most {@code window} publishes are unacknowledged at a time (Paho 1.2.5 otherwise throws
 * "Too many publishes in progress", docs/platform-notes.md#paho-in-flight-limit). After a disconnect, sending restarts
 * from the oldest unacknowledged message, so a backend may see a message twice but never misses
 * one: at-least-once, with {@code batch} as the idempotency key.
 *
 * <p>A broker that keeps the connection open but stops acknowledging (it still answers PINGREQ, so
 * the keep-alive never notices) would stop delivery for good. When the oldest unacknowledged
 * publish has waited {@code ackTimeout}, the forwarder drops the connection, reconnects, and
 * reports the broker as stalled ({@link BrokerStats#stalled}) until a PUBACK arrives again.
 */
public final class Forwarder implements AutoCloseable {
  public static final String THREAD_NAME = "mqtt-forwarder";
  /** How long the oldest unacknowledged publish may wait for its PUBACK before the connection is dropped. */
  public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(120);
  static final int BEST_EFFORT_CAPACITY = 240;
  static final int STRIKES_TO_REJECT = 5;
  private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
  private static final byte[] ONLINE = "online".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OFFLINE = "offline".getBytes(StandardCharsets.US_ASCII);

  private final Outbox outbox;
  private final MqttTransport transport;
  private final TopicScheme topics;
  private final ReconnectPolicy reconnect;
  private final int window;
  private final long ackTimeoutNanos;
  private final MonotonicClock monotonic;
  private final Thread thread;
  private final Object signal = new Object();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private volatile boolean running = true;
  private volatile boolean connectionLost;
  private volatile boolean resendFromOldest;
  /** Retained status-like messages (health): only the newest per topic matters; not durable. */
  private final ConcurrentHashMap<String, byte[]> latest = new ConcurrentHashMap<>();
  /** Bounded queue of best-effort messages (crowd minutes): the oldest is dropped when full. */
  private final LinkedBlockingDeque<OutboundMessage> bestEffort = new LinkedBlockingDeque<>(BEST_EFFORT_CAPACITY);
  private final AtomicLong bestEffortDropped = new AtomicLong();
  /** Best-effort publishes awaiting PUBACK: capped so they never crowd the outbox out of Paho's window. */
  private final AtomicInteger bestEffortInFlight = new AtomicInteger();
  /** When each publish of this connection awaiting its PUBACK was handed over (monotonic), by a running id. */
  private final ConcurrentHashMap<Long, Long> unacknowledged = new ConcurrentHashMap<>();
  private final AtomicLong publishIds = new AtomicLong();
  private final AtomicLong ackTimeouts = new AtomicLong();
  private volatile boolean stalled;
  /** Strikes against the message at the head of the outbox: see {@link #noteConnectionEnd}. */
  private long strikeSeq = Long.MIN_VALUE;
  private int strikes;
  private final AtomicLong rejected = new AtomicLong();

  public Forwarder(Outbox outbox, MqttTransport transport, TopicScheme topics, ReconnectPolicy reconnect, int window,
      MonotonicClock monotonic) {
    this(outbox, transport, topics, reconnect, window, DEFAULT_ACK_TIMEOUT, monotonic);
  }

  /** @param monotonic times the PUBACK deadline, the backoff and the drain */
  public Forwarder(Outbox outbox, MqttTransport transport, TopicScheme topics, ReconnectPolicy reconnect, int window,
      Duration ackTimeout, MonotonicClock monotonic) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least 1, was " + window);
    }
    if (ackTimeout.isNegative() || ackTimeout.isZero()) {
      throw new IllegalArgumentException("ackTimeout must be positive, was " + ackTimeout);
    }
    this.ackTimeoutNanos = ackTimeout.toNanos();
    this.monotonic = monotonic;
    this.outbox = outbox;
    this.transport = transport;
    this.topics = topics;
    this.reconnect = reconnect;
    this.window = window;
    this.thread = new Thread(this::loop, THREAD_NAME);
    transport.onConnectionLost(
        () -> {
          connectionLost = true;
          wake();
        });
  }

  public void start() {
    thread.start();
  }

  /** Tells the forwarder that the outbox has new messages. Any thread. */
  public void wake() {
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  /**
   * Publishes a retained message at QoS 1 when connected, outside the outbox: a newer one for the
   * same topic replaces an older one that was not sent yet. For the health topic. Any thread.
   */
  public void publishLatest(String topic, byte[] payload) {
    latest.put(topic, payload.clone());
    wake();
  }

  /**
   * Publishes at QoS 1 (not retained) when connected, outside the durable outbox: while the
   * broker is away the newest {@value #BEST_EFFORT_CAPACITY} wait in memory, older ones are dropped
   * and counted, and a restart loses them. For per-minute crowd counts, whose per-bucket totals
   * travel durably in the encounters batches. Any thread.
   */
  public void publishBestEffort(String topic, byte[] payload) {
    OutboundMessage m = new OutboundMessage(0, topic, payload, Instant.EPOCH);
    while (!bestEffort.offerLast(m)) {
      if (bestEffort.pollFirst() != null) {
        bestEffortDropped.incrementAndGet();
      }
    }
    wake();
  }

  public long bestEffortDropped() {
    return bestEffortDropped.get();
  }

  private void sendBestEffort() {
    OutboundMessage m;
    while (bestEffortInFlight.get() < Math.max(1, window / 4) && (m = bestEffort.pollFirst()) != null) {
      OutboundMessage sent = m;
      bestEffortInFlight.incrementAndGet();
      CompletableFuture<Void> f = publishTracked(m.topic(), m.payload(), false);
      f.whenComplete((ok, err) -> {
        bestEffortInFlight.decrementAndGet();
        if (err != null && !bestEffort.offerFirst(sent)) {
          bestEffortDropped.incrementAndGet();
        }
      });
      if (f.isCompletedExceptionally() || !transport.isConnected()) {
        return; // refused on the spot or disconnected: try again on a later pass, not in a loop
      }
    }
  }

  private void sendLatest() {
    for (String topic : latest.keySet()) {
      byte[] payload = latest.remove(topic);
      if (payload != null) {
        publishTracked(topic, payload, true).whenComplete((ok, err) -> {
          if (err != null) {
            latest.putIfAbsent(topic, payload);
          }
        });
      }
    }
  }

  public long published() {
    return published.get();
  }

  public long reconnects() {
    return reconnects.get();
  }

  public boolean connected() {
    return transport.isConnected();
  }

  /** A snapshot for the health message. Any thread. */
  public BrokerStats stats() {
    return new BrokerStats(transport.isConnected(), reconnects.get(), published.get(), rejected.get(),
        transport.oversizedPackets(), ackTimeouts.get(), stalled);
  }

  /** A QoS 1 publish whose PUBACK is awaited against the deadline. */
  private CompletableFuture<Void> publishTracked(String topic, byte[] payload, boolean retained) {
    long id = publishIds.incrementAndGet();
    unacknowledged.put(id, monotonic.nanos());
    CompletableFuture<Void> f = transport.publish(topic, payload, 1, retained);
    f.whenComplete((ok, err) -> {
      unacknowledged.remove(id);
      if (err == null) {
        stalled = false;
      }
    });
    return f;
  }

  /**
   * True, after dropping the connection, when the oldest publish has waited past the deadline.
   * Forwarder thread only.
   */
  private boolean dropIfAckOverdue() {
    long now = monotonic.nanos();
    for (long sent : unacknowledged.values()) {
      if (now - sent > ackTimeoutNanos) {
        ackTimeouts.incrementAndGet();
        stalled = true;
        LOG.warn("the broker has not acknowledged a publish for {} s: dropping the connection and reconnecting",
            ackTimeoutNanos / 1_000_000_000L);
        unacknowledged.clear();
        connectionLost = true;
        transport.dropConnection();
        return true;
      }
    }
    return false;
  }

  private void loop() {
    int attempt = 0;
    boolean everConnected = false;
    while (running) {
      try {
        if (connectionLost && transport.isConnected()) {
          // a late callback of an older connection: this one is fine
          connectionLost = false;
        }
        if (!transport.isConnected()) {
          try {
            connectionLost = false;
            transport.connect(topics.status(), OFFLINE);
            unacknowledged.clear();
            publishTracked(topics.status(), ONLINE, true);
            if (everConnected) {
              reconnects.incrementAndGet();
            }
            everConnected = true;
            attempt = 0;
            LOG.info("connected to the MQTT broker");
          } catch (MqttTransport.TransportException e) {
            Duration wait = reconnect.delay(attempt++, e.permanent(), ThreadLocalRandom.current()::nextDouble);
            LOG.warn("MQTT connect failed ({}); retrying in {} s", e.getMessage(), wait.toSeconds());
            sleepUntil(monotonic.nanos() + wait.toNanos());
            continue;
          }
        }
        sendFromOldest();
      } catch (RuntimeException e) {
        // an unreadable outbox entry or a library failure must not end delivery for good
        LOG.error("forwarder error, retrying in 5 s: {}", e.toString());
        sleepUntil(monotonic.nanos() + 5_000_000_000L);
      }
    }
  }

  /** Sends pending messages in order until the connection drops or the forwarder stops. */
  private void sendFromOldest() {
    // a fresh window per connection: late callbacks of a dropped connection count against theirs
    Window w = new Window();
    long ackedBefore = published.get();
    long firstSent = Long.MIN_VALUE;
    try {
      firstSent = sendUntilDisconnected(w);
    } finally {
      noteConnectionEnd(firstSent, published.get() > ackedBefore);
    }
  }

  /**
   * A broker that closes the connection every time one particular message arrives (too large for
   * its limit, say) would block everything behind it for good. When a connection ends with nothing
   * acknowledged after that same oldest message was sent, {@value #STRIKES_TO_REJECT} times in a
   * row, the message is dropped from the outbox, counted as rejected and reported.
   */
  private void noteConnectionEnd(long firstSent, boolean progress) {
    if (!running || firstSent == Long.MIN_VALUE || progress) {
      strikes = 0;
      strikeSeq = Long.MIN_VALUE;
      return;
    }
    strikes = firstSent == strikeSeq ? strikes + 1 : 1;
    strikeSeq = firstSent;
    if (strikes >= STRIKES_TO_REJECT) {
      outbox.acknowledge(firstSent);
      rejected.incrementAndGet();
      LOG.error("the broker closed the connection each of the last {} times seq {} was sent: dropped it "
          + "(check the broker's message size limit and ACL)", strikes, firstSent);
      strikes = 0;
      strikeSeq = Long.MIN_VALUE;
    }
  }

  /** Messages the broker would not take (see {@link #noteConnectionEnd}). */
  public long rejected() {
    return rejected.get();
  }

  /** Returns the seq of the first outbox message sent on this connection, or MIN_VALUE. */
  private long sendUntilDisconnected(Window w) {
    long last = Long.MIN_VALUE;
    long firstSent = Long.MIN_VALUE;
    while (running && transport.isConnected() && !connectionLost) {
      if (dropIfAckOverdue()) {
        return firstSent;
      }
      if (resendFromOldest) {
        resendFromOldest = false;
        last = Long.MIN_VALUE;
        pause(100); // a library that refuses on the spot gets a moment, not a busy loop
      }
      sendLatest();
      sendBestEffort();
      List<OutboundMessage> batch = outbox.pendingAfter(last, window);
      if (batch.isEmpty()) {
        pause(1_000);
        continue;
      }
      for (OutboundMessage m : batch) {
        if (resendFromOldest) {
          // a publish failed: nothing later may overtake it, so start again from the oldest
          break;
        }
        if (!awaitWindowSlot(w)) {
          return firstSent;
        }
        if (firstSent == Long.MIN_VALUE) {
          firstSent = m.seq();
        }
        publishTracked(m.topic(), m.payload(), false)
            .whenComplete(
                (ok, err) -> {
                  if (err == null) {
                    outbox.acknowledge(m.seq());
                    published.incrementAndGet();
                  } else {
                    LOG.debug("publish of seq {} failed: {}", m.seq(), err.toString());
                    resendFromOldest = true;
                  }
                  synchronized (signal) {
                    w.inFlight--;
                    signal.notifyAll();
                  }
                });
        last = m.seq();
      }
    }
    return firstSent;
  }

  /** Publishes in flight on one connection. Guarded by {@code signal}. */
  private static final class Window {
    int inFlight;
  }

  private boolean awaitWindowSlot(Window w) {
    synchronized (signal) {
      while (w.inFlight >= window) {
        if (!running || connectionLost || !transport.isConnected() || dropIfAckOverdue()) {
          return false;
        }
        try {
          signal.wait(1_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      w.inFlight++;
      return true;
    }
  }

  /** Waits out a backoff; new messages do not cut it short, only {@link #close} does. */
  private void sleepUntil(long deadlineNanos) {
    synchronized (signal) {
      long left;
      while (running && (left = deadlineNanos - monotonic.nanos()) > 0) {
        try {
          signal.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          running = false;
        }
      }
    }
  }

  private void pause(long millis) {
    synchronized (signal) {
      if (!running) {
        return;
      }
      try {
        signal.wait(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      }
    }
  }

  /** Waits up to {@code timeout} for the outbox to empty (used at shutdown). */
  public boolean drain(Duration timeout) throws InterruptedException {
    long deadline = monotonic.nanos() + timeout.toNanos();
    synchronized (signal) {
      while (outbox.size() > 0) {
        long left = deadline - monotonic.nanos();
        if (left <= 0) {
          return false;
        }
        signal.wait(Math.max(1, left / 1_000_000));
      }
    }
    return true;
  }

  @Override
  public void close() {
    running = false;
    wake();
    try {
      thread.join(10_000);
      if (transport.isConnected()) {
        // a clean disconnect does not fire the will, so say it ourselves
        transport.publish(topics.status(), OFFLINE, 1, true).get(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("could not publish the offline status: {}", e.toString());
    }
    transport.close();
  }
}
