package org.proximity.gateway.app;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.AdvertisementSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread {@value #THREAD_NAME}: owns an {@link EncounterPipeline} (decoding, aggregation,
 * closing of buckets). Radio sources hand advertisements to {@link #accept} from their own
 * threads; it only enqueues, on a bounded queue that drops the oldest when full and counts it.
 */
public final class Pipeline implements AdvertisementSink, AutoCloseable {
  public static final String THREAD_NAME = "pipeline";
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  private final ArrayBlockingQueue<Advertisement> queue;
  private final EncounterPipeline core;
  private final InstantSource clock;
  private final Duration closeGrace;
  private final Thread thread;
  private final boolean blockWhenFull;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong processed = new AtomicLong();
  private volatile boolean running = true;
  private volatile PipelineStats stats = PipelineStats.EMPTY;
  private java.util.function.Supplier<org.proximity.gateway.bucket.ClockState> clockState = () -> null;
  private Duration maxHold = Duration.ZERO;
  private long unsyncedSinceNanos = -1;
  private long lastSnapshotNanos;

  /**
   * @param clock the time that decides when buckets close: the wall clock for a radio, the
   *     simulated time for the simulator
   * @param closeGrace how long after its end a bucket stays open for late reports
   */
  public Pipeline(EncounterPipeline core, InstantSource clock, Duration closeGrace, int queueCapacity) {
    this(core, clock, closeGrace, queueCapacity, false);
  }

  /**
   * @param blockWhenFull make the source wait when the queue is full instead of dropping: for
   *     simulated and replayed sources, which can wait, unlike a radio
   */
  public Pipeline(
      EncounterPipeline core, InstantSource clock, Duration closeGrace, int queueCapacity, boolean blockWhenFull) {
    this.blockWhenFull = blockWhenFull;
    this.core = core;
    this.clock = clock;
    this.closeGrace = closeGrace;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.thread = new Thread(this::loop, THREAD_NAME);
  }

  /**
   * Holds buckets back while the wall clock is not synchronised (a Pi boots with a wrong time),
   * for at most {@code maxHold}; after that they close anyway and say so in their clock state.
   * Call before {@link #start}.
   */
  public void holdWhileUnsynced(java.util.function.Supplier<org.proximity.gateway.bucket.ClockState> state, Duration maxHold) {
    this.clockState = state;
    this.maxHold = maxHold;
  }

  public void start() {
    thread.start();
  }

  private boolean holding() {
    org.proximity.gateway.bucket.ClockState s = clockState.get();
    if (s == null || s.synced()) {
      unsyncedSinceNanos = -1;
      return false;
    }
    long now = System.nanoTime();
    if (unsyncedSinceNanos < 0) {
      unsyncedSinceNanos = now;
      LOG.warn("system clock not synchronised: holding buckets back for up to {} minutes", maxHold.toMinutes());
    }
    return now - unsyncedSinceNanos < maxHold.toNanos();
  }

  @Override
  public void accept(Advertisement advertisement) {
    received.incrementAndGet();
    if (blockWhenFull) {
      try {
        queue.put(advertisement);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        dropped.incrementAndGet();
      }
      return;
    }
    while (!queue.offer(advertisement)) {
      // full: the oldest report is the least useful one
      if (queue.poll() != null) {
        dropped.incrementAndGet();
      }
    }
  }

  public long received() {
    return received.get();
  }

  public long dropped() {
    return dropped.get();
  }

  public long processed() {
    return processed.get();
  }

  /** The counters as of at most a second ago; any thread. */
  public PipelineStats stats() {
    return stats;
  }

  private void snapshotEverySecond() {
    long now = System.nanoTime();
    if (now - lastSnapshotNanos >= 1_000_000_000L) {
      lastSnapshotNanos = now;
      snapshot();
    }
  }

  private void snapshot() {
    stats =
        new PipelineStats(
            received.get(), dropped.get(), processed.get(), queue.size(), core.trackedIds(),
            core.advertisementsByKind(), core.malformedByReason(), core.batches());
  }

  public int queueDepth() {
    return queue.size();
  }

  private void loop() {
    try {
      while (running) {
        Advertisement a = queue.poll(200, TimeUnit.MILLISECONDS);
        if (a != null) {
          core.process(a);
          processed.incrementAndGet();
        }
        if (!holding()) {
          core.closeEndedBy(closingHorizon());
        }
        snapshotEverySecond();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("pipeline stopped by an internal error", e);
      throw e;
    }
  }

  /**
   * Buckets that end before this may close: {@code now - grace}, but never past a report still
   * waiting in the queue, so a backlog (or a fast simulation) does not turn reports into late ones.
   */
  private java.time.Instant closingHorizon() {
    java.time.Instant horizon = clock.instant().minus(closeGrace);
    Advertisement head = queue.peek();
    return head != null && head.receivedAt().isBefore(horizon) ? head.receivedAt() : horizon;
  }

  /**
   * Stops the thread, processes what is still queued, and hands every open bucket on as partial.
   * Call after the radio source has stopped; the caller owns the core from then on.
   */
  @Override
  public void close() {
    running = false;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Advertisement a;
    while ((a = queue.poll()) != null) {
      core.process(a);
      processed.incrementAndGet();
    }
    core.closeEndedBy(clock.instant().minus(closeGrace));
    core.closeAllAsPartial();
    snapshot();
  }
}
