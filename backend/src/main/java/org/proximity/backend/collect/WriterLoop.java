package org.proximity.backend.collect;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.proximity.backend.store.GapSummary;
import org.proximity.backend.store.Store;
import org.proximity.backend.store.StoreWriter;
import org.proximity.backend.store.StoreWriter.Outcome;
import org.proximity.common.retry.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer thread: takes what the Paho callback thread read, commits up to
 * {@code maxGroup} messages in one transaction, and only then acknowledges each to the broker. A
 * crash before the commit leaves every message of the group unacknowledged, so the broker sends it
 * again and the store's batch key makes that copy a counted duplicate.
 *
 * <p>A transaction the database refuses for what it holds ({@link Store#isRefusal}) is retried
 * message by message, and the one it refuses on its own is quarantined as {@code store_refused}.
 * Any other failure (a lock, a lost connection) leaves the group unacknowledged; it waits and is
 * tried again, reconnecting when needed, for as long as it takes.
 */
final class WriterLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(WriterLoop.class);
  private static final Backoff STORE_BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 0);

  /** A message read and waiting for its commit, with what its acknowledgement needs. */
  record Pending(Inbound item, String topic, byte[] payload, int messageId, int qos) {}

  /** Sends the acknowledgement of a committed message to the broker. */
  interface Acker {
    void ack(int messageId, int qos);
  }

  private final BlockingQueue<Pending> queue;
  private final Store store;
  private final String collector;
  private final int maxGroup;
  private final Acker acker;
  private final CollectorStats stats;
  private final RejectLog rejectLog;
  private final LongSupplier wallMillis;
  private final LongSupplier nanoTime;
  private final long gapEveryNanos;
  private volatile boolean stopping;
  private StoreWriter writer;
  private long nextGapCheck;

  WriterLoop(BlockingQueue<Pending> queue, Store store, String collector, int maxGroup, Acker acker,
      CollectorStats stats, RejectLog rejectLog, LongSupplier wallMillis, LongSupplier nanoTime, int gapEverySeconds) {
    this.queue = queue;
    this.store = store;
    this.collector = collector;
    this.maxGroup = maxGroup;
    this.acker = acker;
    this.stats = stats;
    this.rejectLog = rejectLog;
    this.wallMillis = wallMillis;
    this.nanoTime = nanoTime;
    this.gapEveryNanos = TimeUnit.SECONDS.toNanos(gapEverySeconds);
  }

  /** Asks the loop to end after the group it is writing; what is still queued stays unacknowledged. */
  void stop() {
    stopping = true;
  }

  @Override
  public void run() {
    try {
      writer = new StoreWriter(store, collector, wallMillis);
      nextGapCheck = nanoTime.getAsLong();
      List<Pending> group = new ArrayList<>(maxGroup);
      while (!stopping) {
        checkGaps();
        Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        queue.drainTo(group, maxGroup - 1);
        commit(group);
        group.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      LOG.error("the store cannot prepare its statements: {}", e.getMessage());
    } finally {
      closeWriter();
    }
  }

  private void commit(List<Pending> group) throws InterruptedException {
    for (int retry = 0; !stopping; retry++) {
      long backoff = STORE_BACKOFF.delay(retry, () -> 1).toMillis();
      if (writer == null) {
        TimeUnit.MILLISECONDS.sleep(backoff);
        reconnect();
        continue;
      }
      try {
        write(group);
        return;
      } catch (SQLException e) {
        stats.storeFailed();
        boolean refusal = Store.isRefusal(e) && connectionSound();
        if (group.size() > 1 && refusal) {
          // one bad message must not hold back the rest: try them one by one
          for (Pending p : group) {
            commit(List.of(p));
          }
          return;
        }
        if (group.size() == 1 && refusal) {
          Pending p = group.get(0);
          write(List.of(new Pending(refused(p, e), p.topic(), p.payload(), p.messageId(), p.qos())), backoff);
          return;
        }
        LOG.warn("the store failed ({}); trying again in {} ms, nothing is acknowledged meanwhile",
            e.getMessage(), backoff);
        TimeUnit.MILLISECONDS.sleep(backoff);
        if (!connectionSound()) {
          reconnect();
        }
      }
    }
  }

  /** Writes a quarantine entry; if even that fails, the message stays unacknowledged and retried. */
  private void write(List<Pending> quarantined, long backoff) throws InterruptedException {
    try {
      write(quarantined);
    } catch (SQLException again) {
      LOG.warn("the store refused a quarantine entry too ({}); retrying", again.getMessage());
      TimeUnit.MILLISECONDS.sleep(backoff);
    }
  }

  private void write(List<Pending> group) throws SQLException {
    List<Inbound> items = new ArrayList<>(group.size());
    for (Pending p : group) {
      items.add(p.item());
    }
    long t0 = nanoTime.getAsLong();
    List<Outcome> outcomes = writer.write(items);
    stats.committed(items, outcomes, (nanoTime.getAsLong() - t0) / 1_000);
    for (Pending p : group) {
      if (p.item() instanceof Inbound.Rejected r) {
        rejectLog.rejected(r);
      }
      acker.ack(p.messageId(), p.qos());
    }
  }

  private static Inbound.Rejected refused(Pending p, SQLException e) {
    String detail = ("the store refused it: " + e.getMessage()).replace('\0', ' ');
    String[] levels = p.topic().split("/", -1);
    boolean ours = levels.length == 4;
    return new Inbound.Rejected(p.topic(), ours ? levels[1] : null, ours ? levels[2] : null,
        Inbound.Reason.STORE_REFUSED, detail, p.payload());
  }

  private boolean connectionSound() {
    try {
      return store.connection().isValid(5);
    } catch (SQLException e) {
      return false;
    }
  }

  private void reconnect() {
    closeWriter();
    try {
      store.reconnect();
      writer = new StoreWriter(store, collector, wallMillis);
    } catch (SQLException e) {
      LOG.warn("cannot reconnect to the store yet: {}", e.getMessage());
    }
  }

  private void closeWriter() {
    if (writer != null) {
      try {
        writer.close();
      } catch (SQLException e) {
        // the connection is going anyway
      }
      writer = null;
    }
  }

  private void checkGaps() {
    long now = nanoTime.getAsLong();
    if (now - nextGapCheck < 0 || writer == null) {
      return;
    }
    nextGapCheck = now + gapEveryNanos;
    try {
      GapSummary g = GapSummary.of(store);
      stats.gaps(g.streams(), g.missing());
    } catch (SQLException e) {
      LOG.warn("cannot count the gaps: {}", e.getMessage());
    }
  }
}
