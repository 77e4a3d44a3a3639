package org.proximity.gateway.radio.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ScaledClockTest {

  private static final Instant START = Instant.parse("2024-10-04T08:00:00Z");

  @Test
  void instant_atCreation_isStartWhateverTheCounterReads() {
    AtomicLong nanos = new AtomicLong(123_456_789_000L);
    assertEquals(START, new ScaledClock(START, 60, nanos::get).instant());
  }

  @Test
  void instant_oneRealSecondAtSpeed60_isOneSimulatedMinuteLater() {
    AtomicLong nanos = new AtomicLong(-5_000_000_000L); // nanoTime may be negative
    ScaledClock clock = new ScaledClock(START, 60, nanos::get);
    nanos.addAndGet(1_000_000_000L);
    assertEquals(START.plusSeconds(60), clock.instant());
  }

  @Test
  void instant_realTimeSpeed_tracksElapsedExactly() {
    AtomicLong nanos = new AtomicLong();
    ScaledClock clock = new ScaledClock(START, 1, nanos::get);
    nanos.set(1_234_567L);
    assertEquals(START.plusNanos(1_234_567L), clock.instant());
  }

  @Test
  void instant_fractionalSpeed_scalesElapsed() {
    AtomicLong nanos = new AtomicLong();
    ScaledClock clock = new ScaledClock(START, 1.5, nanos::get);
    nanos.set(2_000_000_000L);
    assertEquals(START.plusSeconds(3), clock.instant());
  }

  @Test
  void constructor_nonPositiveSpeed_throws() {
    assertThrows(IllegalArgumentException.class, () -> new ScaledClock(START, 0, System::nanoTime));
    assertThrows(IllegalArgumentException.class, () -> new ScaledClock(START, Double.NaN, System::nanoTime));
  }
}
