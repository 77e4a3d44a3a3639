package org.proximity.gateway.app;

import java.time.Duration;
import java.time.Instant;

/**
 * Places reports in time by the monotonic clock, anchored to the wall clock: a report's time is
 * the anchor's wall time plus the monotonic time elapsed since the anchor. So durations never go
 * negative, whatever the wall clock does. When the wall clock departs from the projection by
 * {@link #STEP} or more (NTP's first sync on a Pi without RTC, or a manual step), {@link #check}
 * re-anchors and returns the step, which open buckets must be moved by; smaller drift re-anchors
 * silently.
 *
 * <p>Pure: the caller passes both clock readings. Owned by the pipeline thread.
 */
final class MonotonicPlacement {
  static final Duration STEP = Duration.ofSeconds(2);
  private static final long DRIFT_NANOS = 100_000_000L;

  private Instant anchorWall;
  private long anchorNanos;

  MonotonicPlacement(Instant wall, long nanos) {
    this.anchorWall = wall;
    this.anchorNanos = nanos;
  }

  /** The time of a report received at monotonic {@code nanos}. */
  Instant place(long nanos) {
    return anchorWall.plusNanos(nanos - anchorNanos);
  }

  /** Compares the wall clock with the projection; returns the step to apply, or zero. */
  Duration check(Instant wall, long nanos) {
    Duration diff = Duration.between(place(nanos), wall);
    if (diff.abs().compareTo(STEP) >= 0) {
      anchorWall = wall;
      anchorNanos = nanos;
      return diff;
    }
    if (Math.abs(diff.toNanos()) > DRIFT_NANOS) {
      anchorWall = wall;
      anchorNanos = nanos;
    }
    return Duration.ZERO;
  }
}
