package org.proximity.gateway.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlinkPatternTest {

  private static List<Long> millis(GatewayStatus s) {
    return BlinkPattern.of(s).phases().stream().map(p -> (p.on() ? 1 : -1) * p.length().toMillis()).toList();
  }

  @Test
  void table_isWhatTheTechnicianNotesSay() {
    // positive: LED on for that many ms; negative: off (systemd/README.md, "Status LED")
    assertEquals(List.of(1800L, -200L), millis(GatewayStatus.OK));
    assertEquals(List.of(1000L, -1000L), millis(GatewayStatus.DEGRADED));
    assertEquals(List.of(150L, -150L), millis(GatewayStatus.FAULT));
    assertEquals(List.of(100L, -900L), millis(GatewayStatus.STARTING));
  }

  @Test
  void table_everyStatusHasItsOwnPattern_startingOnAndWithAnOffPhase() {
    Set<BlinkPattern> seen = new HashSet<>();
    for (GatewayStatus s : EnumSet.allOf(GatewayStatus.class)) {
      BlinkPattern p = BlinkPattern.of(s);
      assertTrue(seen.add(p), s + " has a pattern of its own");
      assertTrue(p.phases().get(0).on(), s + " starts with the LED on, so a change is seen at once");
      assertTrue(p.phases().stream().anyMatch(ph -> !ph.on()), s + " blinks: steady on could be a hung process");
      assertTrue(p.cycle().compareTo(Duration.ofSeconds(2)) <= 0, s + " repeats within 2 s: readable at a glance");
    }
    assertNotEquals(BlinkPattern.of(GatewayStatus.FAULT).cycle(), BlinkPattern.of(GatewayStatus.DEGRADED).cycle());
  }

  @Test
  void pattern_rejectsEmptyOrZeroLengthPhases() {
    assertThrows(IllegalArgumentException.class, () -> new BlinkPattern(List.of()));
    assertThrows(IllegalArgumentException.class, () -> new BlinkPattern.Phase(true, Duration.ZERO));
  }
}
