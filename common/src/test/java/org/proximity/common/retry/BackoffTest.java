package org.proximity.common.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one backoff: doubling, capped, and jitter only ever shortens a delay, by the injected draw. */
class BackoffTest {
  private final Backoff b = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(5), 0.2);

  @Test
  void delay_doublesPerRetryUpToTheCap_andTheDrawPlacesItBetweenFloorAndCeiling() {
    assertEquals(Duration.ofSeconds(8), b.delay(0, () -> 0.0));
    assertEquals(Duration.ofSeconds(10), b.delay(0, () -> 1.0));
    assertEquals(Duration.ofSeconds(9), b.delay(0, () -> 0.5));
    assertEquals(Duration.ofSeconds(40), b.delay(2, () -> 1.0));
    assertEquals(Duration.ofSeconds(32), b.delay(2, () -> 0.0));
    assertEquals(Duration.ofMinutes(5), b.delay(5, () -> 1.0), "320 s capped at 300 s");
    assertEquals(Duration.ofMinutes(4), b.delay(5, () -> 0.0));
  }

  @Test
  void delay_anyRetryCount_neverOverflowsPastTheCap() {
    Backoff wide = new Backoff(Duration.ofNanos(1), Duration.ofDays(365 * 200), 0.5);
    assertEquals(Duration.ofDays(365 * 200), wide.delay(Integer.MAX_VALUE, () -> 1.0));
    assertEquals(Duration.ofMinutes(5), b.delay(Integer.MAX_VALUE, () -> 1.0));
  }

  @Test
  void delay_noJitter_ignoresTheDraw() {
    Backoff exact = new Backoff(Duration.ofMinutes(5), Duration.ofHours(1), 0);
    assertEquals(Duration.ofMinutes(5), exact.delay(0, () -> 0.7));
    assertEquals(Duration.ofMinutes(10), exact.delay(1, () -> 0.1));
    assertEquals(Duration.ofMinutes(40), exact.delay(3, () -> 0.9));
    assertEquals(Duration.ofHours(1), exact.delay(4, () -> 0.3));
  }

  @Test
  void delay_eachDrawStaysWithinTheBounds() {
    for (int i = 0; i <= 100; i++) {
      double draw = i / 100.0;
      Duration d = b.delay(1, () -> draw);
      assertTrue(d.compareTo(Duration.ofSeconds(16)) >= 0 && d.compareTo(Duration.ofSeconds(20)) <= 0, d + " for " + draw);
    }
  }

  @Test
  void construction_badValues_areRefusedNamingTheRule() {
    var e = assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0));
    assertTrue(e.getMessage().startsWith("backoff initial must be a positive duration"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0));
    assertTrue(e.getMessage().startsWith("backoff max must be at least initial"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1.0));
    assertEquals("jitter must be in [0, 1), was 1.0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> b.delay(-1, () -> 0.0));
  }
}
