package org.proximity.gateway.clock;

/**
 * Monotonic time, injected beside the wall clock ({@link java.time.InstantSource}) wherever a class
 * measures elapsed time: rates, deadlines, ages that must not jump when NTP steps the wall clock
 * (docs/clock.md). Tests pass a fake they move by hand; the composition roots pass {@link #system}.
 */
@FunctionalInterface
public interface MonotonicClock {

  /** Nanoseconds from an arbitrary origin; only the difference of two readings means anything. */
  long nanos();

  /** {@link System#nanoTime}: CLOCK_MONOTONIC on Linux. */
  static MonotonicClock system() {
    return System::nanoTime;
  }
}
