package org.proximity.common.retry;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with jitter: the one way gateway and backend space their retries (the
 * gateway's MQTT reconnect and radio recovery ladder; the collector's broker connect and store retry). Retry {@code n} (from 0) has the ceiling
 * {@code initial·2^n}, at most {@code max}, and waits a time drawn uniformly from
 * {@code [ceiling·(1 − jitter), ceiling]}, so that peers that failed together do not retry
 * together. The draw comes from the caller's source of numbers in {@code [0, 1]}, so a test picks it.
 *
 * @param initial the ceiling of the first retry
 * @param max the cap of the doubling ceiling; at least {@code initial}
 * @param jitter the fraction (0 to below 1) by which a delay may fall short of its ceiling
 */
public record Backoff(Duration initial, Duration max, double jitter) {

  public Backoff {
    if (initial == null || initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("backoff initial must be a positive duration, was " + initial);
    }
    if (max == null || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff max must be at least initial " + initial + ", was " + max);
    }
    max.toNanos(); // refuses, by ArithmeticException, a cap beyond 292 years
    if (!(jitter >= 0 && jitter < 1)) {
      throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
    }
  }

  /** How long retry {@code retry} (0 for the first) waits; {@code random} gives a number in [0, 1]. */
  public Duration delay(int retry, DoubleSupplier random) {
    if (retry < 0) {
      throw new IllegalArgumentException("retry must be 0 or more, was " + retry);
    }
    long cap = max.toNanos();
    long ceiling = initial.toNanos();
    for (int i = 0; i < retry && ceiling < cap; i++) {
      ceiling = ceiling > cap / 2 ? cap : ceiling * 2;
    }
    long spread = (long) (ceiling * jitter);
    return Duration.ofNanos(ceiling - spread + (long) (spread * random.getAsDouble()));
  }
}
