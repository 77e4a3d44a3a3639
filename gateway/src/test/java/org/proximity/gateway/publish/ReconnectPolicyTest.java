package org.proximity.gateway.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {
  private final ReconnectPolicy p = ReconnectPolicy.DEFAULT;

  @Test
  void delay_growsExponentiallyWithinJitterBounds() {
    assertEquals(Duration.ofMillis(500), p.delay(0, false, () -> 0.0));
    assertEquals(Duration.ofMillis(1000), p.delay(0, false, () -> 1.0));
    assertEquals(Duration.ofMillis(2000), p.delay(2, false, () -> 0.0));
    assertEquals(Duration.ofMillis(4000), p.delay(2, false, () -> 1.0));
  }

  @Test
  void delay_manyAttempts_isCappedAtMax() {
    assertEquals(Duration.ofMinutes(2), p.delay(40, false, () -> 1.0));
    assertEquals(Duration.ofMinutes(1), p.delay(40, false, () -> 0.0));
  }

  @Test
  void delay_refusedByBroker_startsSlow() {
    assertEquals(Duration.ofSeconds(30), p.delay(0, true, () -> 0.0));
    assertEquals(Duration.ofMinutes(2), p.delay(5, true, () -> 1.0));
  }
}
