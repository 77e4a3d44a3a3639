package org.proximity.gateway.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MonotonicPlacementTest {
  private static final Instant BOOT = Instant.parse("1970-01-01T00:01:00Z");

  @Test
  void place_followsMonotonicTimeFromTheAnchor() {
    MonotonicPlacement p = new MonotonicPlacement(BOOT, 1_000);
    assertEquals(BOOT.plusMillis(1500), p.place(1_000 + 1_500_000_000L));
  }

  @Test
  void check_wallClockStepsForward_returnsTheStepAndReanchors() {
    MonotonicPlacement p = new MonotonicPlacement(BOOT, 0);
    Instant synced = Instant.parse("2026-11-29T10:00:00Z");
    Duration step = p.check(synced, 5_000_000_000L);
    assertEquals(Duration.between(BOOT.plusSeconds(5), synced), step);
    assertEquals(synced.plusSeconds(1), p.place(6_000_000_000L));
    // a report enqueued before the step is placed on the new time line too
    assertEquals(synced.minusSeconds(1), p.place(4_000_000_000L));
  }

  @Test
  void check_wallClockStepsBackward_returnsANegativeStepAndTimeStillAdvances() {
    Instant t = Instant.parse("2026-11-29T10:00:00Z");
    MonotonicPlacement p = new MonotonicPlacement(t, 0);
    Duration step = p.check(t.minusSeconds(3600), 1_000_000_000L);
    assertEquals(Duration.ofSeconds(-3601), step);
    Instant a = p.place(2_000_000_000L);
    Instant b = p.place(3_000_000_000L);
    assertEquals(Duration.ofSeconds(1), Duration.between(a, b), "no negative durations after a backward step");
  }

  @Test
  void check_smallDrift_reanchorsWithoutAStep() {
    MonotonicPlacement p = new MonotonicPlacement(BOOT, 0);
    assertEquals(Duration.ZERO, p.check(BOOT.plusMillis(10_500), 10_000_000_000L));
    assertEquals(BOOT.plusMillis(10_500), p.place(10_000_000_000L));
    assertEquals(Duration.ZERO, p.check(BOOT.plusMillis(10_520), 10_000_000_000L), "under the drift threshold");
  }
}
