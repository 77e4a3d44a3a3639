package org.proximity.gateway.app;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.proximity.contract.payload.ClockState;
import org.proximity.gateway.bucket.SightingRun;
import org.proximity.gateway.clock.MonotonicClock;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.AdvertisementRuns;
import org.proximity.gateway.radio.AdvertisementSink;
import org.proximity.gateway.radio.ReportBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread {@value #THREAD_NAME}: owns an {@link EncounterPipeline} (decoding, aggregation,
 * closing of buckets). Radio sources hand advertisements to {@link #accept} from their own
 * threads; it only enqueues, on a bounded queue that drops the oldest when full and counts it.
 * Sources with reports ready in bulk hand over runs ({@link #acceptRun}) or blocks ({@link
 * #acceptBlock}), one queue entry each.
 *
 * <p>For a radio ({@link #forRadio}) reports are placed in time by the monotonic clock
 * ({@link MonotonicPlacement}), buckets are held while the wall clock is not synchronised, and a
 * wall-clock step moves the open buckets (docs/clock.md). For a simulator or replay
 * ({@link #forSourceTime}) the report's own time is used and the source waits when the queue is full.
 */
public final class Pipeline implements AdvertisementSink, AutoCloseable {
  public static final String THREAD_NAME = "pipeline";
  /** How long the loop waits for a report before it looks at the clock and the buckets again. */
  static final Duration IDLE_POLL = Duration.ofMillis(200);
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
  /**
   * Reports taken per pass of the loop before the clock and the buckets are looked at again: a
   * few milliseconds' worth at full speed. Large, so that a source that filled the queue is woken
   * rarely (each wake-up is a context switch on a one-core machine).
   */
  private static final int BATCH = 4096;
  /** The longest run one queue entry holds. */
  private static final int RUN = AdvertisementRuns.RUN;
  /**
   * Queued by {@link #close} so that a thread waiting for reports stops now, not at the end of its
   * wait: holds no report, so every step that takes entries passes over it.
   */
  private static final Queued WAKE = new Queued(new Advertisement[0], null, 0, 0);

  /** IDs read over GATT waiting for the pipeline: at most 30 a minute arrive, so this never fills in practice. */
  private final ArrayBlockingQueue<Read> reads = new ArrayBlockingQueue<>(256);
  /**
   * Linked, not array-backed: its producers and its consumer take separate locks and wake each
   * other only when it goes from empty to not empty (or full to not full); an ArrayBlockingQueue
   * woke the pipeline thread on every report while it waited for the lock (docs/benchmarks.md).
   */
  private final LinkedBlockingQueue<Queued> queue;
  /**
   * For a source with its own time, room for that many more reports (an entry holds a run): the
   * source waits for room, so the queue holds at most the capacity in reports, however they come.
   */
  private final Semaphore room;
  private final int capacity;
  /** The longest entry: a run no longer than the capacity, or the source would wait for ever. */
  private final int longestEntry;
  /** The pipeline thread's entries taken from the queue in one go. */
  private final ArrayDeque<Queued> taken = new ArrayDeque<>(BATCH + 1);
  /** Entries taken per pass: about {@link #BATCH} reports. */
  private final int entriesPerPass;
  private final EncounterPipeline core;
  private final InstantSource clock;
  private final MonotonicClock monotonic;
  private final Duration closeGrace;
  private final Thread thread;
  private final boolean live;
  private final Supplier<ClockState> clockState;
  private final Duration maxHold;
  private final long idlePollNanos;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong processed = new AtomicLong();
  private final AtomicLong clockSteps = new AtomicLong();
  private final AtomicLong passes = new AtomicLong();
  private volatile boolean running = true;
  private volatile PipelineStats stats = PipelineStats.EMPTY;
  // owned by the pipeline thread (and by the closer after join)
  private MonotonicPlacement placement;
  /** The entry being processed and the index of its next report; kept across an error in one report. */
  private Queued current;
  private int next;
  private long unsyncedSinceNanos = -1;
  private long lastSnapshotNanos;
  private final AtomicLong internalErrors = new AtomicLong();
  private long lastErrorLogNanos;
  private final Consumer<RuntimeException> onError = this::failed;

  /**
   * The first {@code size} reports of {@code reports}, or the reports of {@code block} (then
   * {@code reports} is null), with the monotonic time they were enqueued at.
   */
  private record Queued(Advertisement[] reports, ReportBlock block, int size, long nanos) {
    Instant firstTime(MonotonicPlacement placement, boolean live) {
      return live ? placement.place(nanos) : block != null ? block.receivedAt(0) : reports[0].receivedAt();
    }
  }

  /** A Bluezone ID read over GATT, with the monotonic time it was enqueued at. */
  private record Read(Instant at, byte[] id, int rssi, long nanos) {}

  private Pipeline(
      EncounterPipeline core, InstantSource clock, MonotonicClock monotonic, Duration closeGrace, int queueCapacity,
      boolean live, Supplier<ClockState> clockState, Duration maxHold, Duration idlePoll) {
    this.core = core;
    this.clock = clock;
    this.monotonic = monotonic;
    this.lastErrorLogNanos = monotonic.nanos() - 120_000_000_000L;
    this.closeGrace = closeGrace;
    // a radio queues single reports, bounded by the queue; a source with its own time runs, bounded by the room
    this.queue = live ? new LinkedBlockingQueue<>(queueCapacity) : new LinkedBlockingQueue<>();
    this.room = live ? null : new Semaphore(queueCapacity);
    this.capacity = queueCapacity;
    this.longestEntry = Math.min(RUN, queueCapacity);
    this.entriesPerPass = live ? BATCH : Math.max(1, BATCH / longestEntry);
    this.live = live;
    this.clockState = clockState;
    this.maxHold = maxHold;
    this.idlePollNanos = idlePoll.toNanos();
    this.thread = new Thread(this::loop, THREAD_NAME);
  }

  /**
   * A radio: the wall clock decides when buckets close, reports are placed by the monotonic
   * clock, buckets are held for up to {@code maxHold} (monotonic) while {@code clockState} says unsynchronised.
   */
  public static Pipeline forRadio(
      EncounterPipeline core, InstantSource wall, MonotonicClock monotonic, Duration closeGrace, int queueCapacity,
      Supplier<ClockState> clockState, Duration maxHold) {
    return new Pipeline(core, wall, monotonic, closeGrace, queueCapacity, true, clockState, maxHold, IDLE_POLL);
  }

  /**
   * A simulator or replay: {@code sourceTime} is how far the source has delivered; {@code
   * monotonic} only paces the statistics and the error log.
   */
  public static Pipeline forSourceTime(
      EncounterPipeline core, InstantSource sourceTime, MonotonicClock monotonic, Duration closeGrace, int queueCapacity) {
    return forSourceTime(core, sourceTime, monotonic, closeGrace, queueCapacity, IDLE_POLL);
  }

  /** The same, waiting up to {@code idlePoll} for a report per pass of the loop (tests). */
  static Pipeline forSourceTime(
      EncounterPipeline core, InstantSource sourceTime, MonotonicClock monotonic, Duration closeGrace, int queueCapacity,
      Duration idlePoll) {
    return new Pipeline(core, sourceTime, monotonic, closeGrace, queueCapacity, false, () -> null, Duration.ZERO, idlePoll);
  }

  public void start() {
    placement = new MonotonicPlacement(clock.instant(), monotonic.nanos());
    thread.start();
  }

  @Override
  public void accept(Advertisement advertisement) {
    received.incrementAndGet();
    // only a radio's reports are placed by the monotonic clock
    Queued q = new Queued(new Advertisement[] {advertisement}, null, 1, live ? monotonic.nanos() : 0);
    if (!live) {
      put(q);
      return;
    }
    while (!queue.offer(q)) {
      // full: the oldest report is the least useful one
      Queued oldest = queue.poll();
      if (oldest != null) {
        dropped.addAndGet(oldest.size());
      }
    }
  }

  /**
   * A run of reports in time order, from a source with its own time: one queue entry per {@value
   * #RUN} reports. A radio's run is queued report by report, each placed by the time it arrived.
   */
  @Override
  public void acceptRun(Advertisement[] reports, int size) {
    if (live) {
      AdvertisementSink.super.acceptRun(reports, size);
      return;
    }
    received.addAndGet(size);
    if (size <= longestEntry) {
      put(new Queued(reports, null, size, 0));
      return;
    }
    for (int from = 0; from < size; from += longestEntry) {
      int n = Math.min(longestEntry, size - from);
      put(new Queued(Arrays.copyOfRange(reports, from, from + n), null, n, 0));
    }
  }

  /**
   * A block of reports in time order from a source with its own time: one queue entry, released
   * once processed. A radio's block, or one longer than the queue's capacity, goes report by report.
   */
  @Override
  public void acceptBlock(ReportBlock block) {
    if (live || block.size() > longestEntry) {
      AdvertisementSink.super.acceptBlock(block);
      return;
    }
    if (block.isEmpty()) {
      block.release();
      return;
    }
    received.addAndGet(block.size());
    put(new Queued(null, block, block.size(), 0));
  }

  /** A source with its own time waits for room, so results do not depend on the machine's speed. */
  private void put(Queued q) {
    try {
      room.acquire(q.size());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      dropped.addAndGet(q.size());
      if (q.block() != null) {
        q.block().release();
      }
      return;
    }
    queue.add(q);
  }

  /** An ID read over GATT ({@link org.proximity.gateway.radio.gatt.BluezoneIdReader.Sink}); never blocks. */
  public void acceptRead(Instant at, byte[] bluezoneId, int rssi) {
    if (!reads.offer(new Read(at, bluezoneId, rssi, monotonic.nanos()))) {
      dropped.incrementAndGet();
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

  /** Passes of the loop so far: at least five a second while the thread is not stuck (the systemd watchdog). */
  public long passes() {
    return passes.get();
  }

  /** Reports waiting in the queue: a radio's entries are single reports; a source's runs hold the room they took. */
  public int queueDepth() {
    return room == null ? queue.size() : capacity - room.availablePermits();
  }

  /** The counters as of at most a second ago; any thread. */
  public PipelineStats stats() {
    return stats;
  }

  private void loop() {
    while (running) {
      passes.incrementAndGet();
      try {
        Queued q = queue.poll(idlePollNanos, TimeUnit.NANOSECONDS);
        if (live) {
          followWallClock();
        }
        // many queued reports per pass: the clock and bucket checks below are per pass, not per report
        if (q != null) {
          take(q, entriesPerPass - 1);
        }
        processTaken();
        processReads();
        if (!holding()) {
          Instant horizon = closingHorizon();
          core.closeEndedBy(horizon);
          core.closeMinutesEndedBy(horizon);
        }
        snapshotEverySecond();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        failed(e);
      }
    }
  }

  /** Never lets one bad report or bucket stop the station: counts it, says so (at most once a minute), goes on. */
  private void failed(RuntimeException e) {
    internalErrors.incrementAndGet();
    long now = monotonic.nanos();
    if (now - lastErrorLogNanos > 60_000_000_000L) {
      lastErrorLogNanos = now;
      LOG.error("pipeline error ({} so far); the affected report or bucket is lost: {}", internalErrors.get(), e.toString());
    }
  }

  /**
   * Takes {@code first} and up to {@code more} entries off the queue, after any left over by an
   * error in the last pass. The room they leave is given back at once, in one go: a waiting source
   * is woken once per pass, not once per run (each wake-up is a context switch on one core).
   */
  private void take(Queued first, int more) {
    int before = taken.size();
    if (first != null) {
      taken.add(first);
    }
    queue.drainTo(taken, more);
    if (room == null) {
      return; // a radio's queue bounds itself
    }
    int reports = 0;
    Iterator<Queued> fresh = taken.descendingIterator();
    for (int i = taken.size() - before; i > 0; i--) {
      reports += fresh.next().size();
    }
    room.release(reports);
  }

  /**
   * Processes every taken report in order, in runs of up to {@value SightingRun#MAX} whose table
   * lookups overlap ({@link EncounterPipeline#processRun}). A report that throws is counted and
   * skipped, the rest of its run still processed.
   */
  private void processTaken() {
    while (current != null || (current = taken.poll()) != null) {
      Queued q = current;
      // WAKE holds nothing to place (and a pipeline closed before it started has no placement)
      Instant placed = live && q.size() > 0 ? placement.place(q.nanos()) : null;
      while (next < q.size()) {
        int from = next;
        next = Math.min(q.size(), from + SightingRun.MAX);
        int ok = q.block() != null
            ? core.processBlock(q.block(), from, next, placed, onError)
            : core.processRun(q.reports(), from, next, placed, onError);
        processed.lazySet(processed.get() + ok); // one writer at a time (this thread, then the closer): no atomic add
      }
      current = null;
      next = 0;
      if (q.block() != null) {
        q.block().release();
      }
    }
  }

  private void processReads() {
    Read r;
    while ((r = reads.poll()) != null) {
      core.processRead(r.id(), r.rssi(), live ? placement.place(r.nanos()) : r.at());
      Arrays.fill(r.id(), (byte) 0);
    }
  }

  /** A wall-clock step moves what is still open; everything placed from now on uses the new time. */
  private void followWallClock() {
    Duration step = placement.check(clock.instant(), monotonic.nanos());
    if (!step.isZero()) {
      clockSteps.incrementAndGet();
      LOG.warn("wall clock stepped by {} s: open buckets moved with it", step.toSeconds());
      core.rebase(step);
    }
  }

  /** Holds buckets while the wall clock is unsynchronised, for at most {@code maxHold}. */
  private boolean holding() {
    ClockState s = clockState.get();
    if (s == null || s.synced()) {
      unsyncedSinceNanos = -1;
      return false;
    }
    long now = monotonic.nanos();
    if (unsyncedSinceNanos < 0) {
      unsyncedSinceNanos = now;
      LOG.warn("system clock not synchronised: holding buckets back for up to {} minutes", maxHold.toMinutes());
    }
    return now - unsyncedSinceNanos < maxHold.toNanos();
  }

  /**
   * Buckets that end before this may close: {@code now - grace}, but never past a report still
   * waiting in the queue, so a backlog (or a fast simulation) does not turn reports into late ones.
   */
  private Instant closingHorizon() {
    Instant horizon = clock.instant().minus(closeGrace);
    Queued head = queue.peek();
    if (head == null || head.size() == 0) {
      return horizon;
    }
    Instant headTime = head.firstTime(placement, live);
    return headTime.isBefore(horizon) ? headTime : horizon;
  }

  private void snapshotEverySecond() {
    long now = monotonic.nanos();
    if (now - lastSnapshotNanos >= 1_000_000_000L) {
      lastSnapshotNanos = now;
      snapshot();
    }
  }

  private void snapshot() {
    stats =
        new PipelineStats(
            received.get(), dropped.get(), processed.get(), queueDepth(), core.trackedIds(),
            core.advertisementsByKind(), core.malformedByReason(), core.batches(), clockSteps.get(),
            internalErrors.get(), core.unhashableBuckets());
  }

  /**
   * Stops the thread, processes what is still queued, and hands every open bucket on as partial.
   * Call after the radio source has stopped; the caller owns the core from then on.
   */
  @Override
  public void close() {
    running = false;
    // a thread waiting for reports would otherwise notice only at the end of its wait (up to IDLE_POLL);
    // a full radio queue cannot take it, but then the thread is not waiting
    queue.offer(WAKE);
    // what follows takes the thread's entries over: it must have ended, even if this caller is interrupted
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    take(null, Integer.MAX_VALUE);
    processTaken();
    processReads();
    core.closeEndedBy(clock.instant().minus(closeGrace));
    core.closeAllAsPartial();
    snapshot();
  }
}
