package org.proximity.backend.collect;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.proximity.backend.store.StoreWriter.Outcome;

/**
 * The collector's counters since it started, written by the Paho callback and writer threads and
 * read by the health thread. Database latency is the time of one group's transaction.
 */
public final class CollectorStats {
  private final Map<Leaf, LongAdder> messages = new EnumMap<>(Leaf.class);
  private final Map<Inbound.Reason, LongAdder> rejected = new EnumMap<>(Inbound.Reason.class);
  private final LongAdder records = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder commits = new LongAdder();
  private final LongAdder storeFailures = new LongAdder();
  private final AtomicLong latencySumMicros = new AtomicLong();
  private final AtomicLong latencyMaxMicros = new AtomicLong();
  private final AtomicLong gapStreams = new AtomicLong();
  private final AtomicLong gapMissing = new AtomicLong();

  public CollectorStats() {
    for (Leaf l : Leaf.values()) {
      messages.put(l, new LongAdder());
    }
    for (Inbound.Reason r : Inbound.Reason.values()) {
      rejected.put(r, new LongAdder());
    }
  }

  /** One stored group: what happened to each message, and how long its transaction took. */
  public void committed(Iterable<? extends Inbound> items, Iterable<Outcome> outcomes, long micros) {
    var o = outcomes.iterator();
    for (Inbound item : items) {
      Outcome outcome = o.next();
      if (outcome == Outcome.DUPLICATE) {
        duplicates.increment();
      }
      if (item instanceof Inbound.Rejected r) {
        rejected.get(r.reason()).increment();
        continue;
      }
      messages.get(leaf(item)).increment();
      if (outcome == Outcome.STORED && item instanceof Inbound.Encounters e) {
        records.add(e.message().batch().records().size());
      }
    }
    commits.increment();
    latencySumMicros.addAndGet(micros);
    latencyMaxMicros.accumulateAndGet(micros, Math::max);
  }

  private static Leaf leaf(Inbound item) {
    if (item instanceof Inbound.Encounters) {
      return Leaf.ENCOUNTERS;
    } else if (item instanceof Inbound.Crowd) {
      return Leaf.CROWD;
    }
    return item instanceof Inbound.Health ? Leaf.HEALTH : Leaf.STATUS;
  }

  public void storeFailed() {
    storeFailures.increment();
  }

  public void gaps(long streams, long missing) {
    gapStreams.set(streams);
    gapMissing.set(missing);
  }

  /** A consistent-enough copy for one health report; resets the maximum latency. */
  public Snapshot snapshot() {
    Map<Leaf, Long> m = new EnumMap<>(Leaf.class);
    messages.forEach((k, v) -> m.put(k, v.sum()));
    Map<Inbound.Reason, Long> r = new EnumMap<>(Inbound.Reason.class);
    rejected.forEach((k, v) -> r.put(k, v.sum()));
    long n = commits.sum();
    return new Snapshot(m, records.sum(), duplicates.sum(), r, n, storeFailures.sum(),
        n == 0 ? 0 : latencySumMicros.get() / n, latencyMaxMicros.getAndSet(0), gapStreams.get(), gapMissing.get());
  }

  /** Counters at one moment; latencies in microseconds. */
  public record Snapshot(
      Map<Leaf, Long> messages,
      long records,
      long duplicates,
      Map<Inbound.Reason, Long> rejected,
      long commits,
      long storeFailures,
      long meanCommitMicros,
      long maxCommitMicros,
      long gapStreams,
      long gapMissing) {}
}
