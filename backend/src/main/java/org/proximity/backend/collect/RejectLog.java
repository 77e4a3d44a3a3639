package org.proximity.backend.collect;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused payloads at most once per interval per gateway (or topic) and reason, saying how
 * many were not logged since: a broken gateway that sends thousands fills no disk. Every one is
 * still counted and quarantined. Used by the writer thread only.
 */
final class RejectLog {
  private static final Logger LOG = LoggerFactory.getLogger(RejectLog.class);
  /** Site and gateway come off the wire: a hostile publisher must not grow the map for ever. */
  private static final int MAX_KEYS = 10_000;

  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Map<String, long[]> lastAndSuppressed = new HashMap<>();

  RejectLog(int intervalSeconds, LongSupplier nanoTime) {
    this.intervalNanos = TimeUnit.SECONDS.toNanos(intervalSeconds);
    this.nanoTime = nanoTime;
  }

  /** Returns whether the line was logged. */
  boolean rejected(Inbound.Rejected r) {
    String who = r.site() == null ? "topic " + r.topic() : r.site() + "/" + r.gateway();
    String key = who + " " + r.reason().wireName();
    long now = nanoTime.getAsLong();
    long[] state = lastAndSuppressed.get(key);
    if (state != null && now - state[0] < intervalNanos) {
      state[1]++;
      return false;
    }
    long suppressed = state == null ? 0 : state[1];
    if (state == null && lastAndSuppressed.size() >= MAX_KEYS) {
      lastAndSuppressed.clear();
    }
    lastAndSuppressed.put(key, new long[] {now, 0});
    LOG.warn("quarantined a {} payload from {}: {}{}", r.reason().wireName(), who, r.detail(),
        suppressed == 0 ? "" : " (" + suppressed + " more like it since the last such line)");
    return true;
  }
}
