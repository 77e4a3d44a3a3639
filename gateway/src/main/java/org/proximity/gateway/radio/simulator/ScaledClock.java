package org.proximity.gateway.radio.simulator;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Simulated time running {@code speed} times faster than real time: start + speed × (real time
 * elapsed since creation). Speed 1 is real time; 60 is an hour per minute. Real time comes from a
 * monotonic nanosecond counter ({@link System#nanoTime} in production, a fake in tests), so a wall
 * clock step does not jump the simulation.
 */
public final class ScaledClock implements InstantSource {

  private final Instant start;
  private final double speed;
  private final LongSupplier nanoTime;
  private final long origin;

  /**
   * @param nanoTime a monotonic counter in nanoseconds; read once now as the origin
   */
  public ScaledClock(Instant start, double speed, LongSupplier nanoTime) {
    this.start = Objects.requireNonNull(start, "start");
    if (!(speed > 0 && speed <= 1_000_000)) {
      throw new IllegalArgumentException("speed must be in (0, 1000000], was " + speed);
    }
    this.speed = speed;
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.origin = nanoTime.getAsLong();
  }

  /** A clock that starts at {@code start} now and runs on {@link System#nanoTime}. */
  public static ScaledClock startingNow(Instant start, double speed) {
    return new ScaledClock(start, speed, System::nanoTime);
  }

  public Instant start() {
    return start;
  }

  public double speed() {
    return speed;
  }

  @Override
  public Instant instant() {
    long realNanos = nanoTime.getAsLong() - origin;
    return start.plusNanos(Math.round(realNanos * speed));
  }

  @Override
  public String toString() {
    return "ScaledClock[start=" + start + ", speed=" + speed + "]";
  }
}
