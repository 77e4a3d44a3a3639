package org.proximity.gateway.status;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A blink pattern: phases that repeat for as long as the status lasts. The table ({@link #of})
 * is what technicians read (systemd/README.md, "Status LED"):
 *
 * <pre>
 * status     pattern                               cycle
 * OK         on, with a short off-blink            1.8 s on, 0.2 s off
 * DEGRADED   slow blink                            1 s on, 1 s off
 * FAULT      fast blink                            0.15 s on, 0.15 s off
 * STARTING   short flash once a second             0.1 s on, 0.9 s off
 * (off)      the service is not running (or the LED is not configured)
 * </pre>
 *
 * OK is not steady on: the off-blink shows that the service is alive, which a hung process
 * holding the pin high would not.
 */
public record BlinkPattern(List<Phase> phases) {

  /** The LED on or off for a time. */
  public record Phase(boolean on, Duration length) {
    public Phase {
      Objects.requireNonNull(length, "length");
      if (length.isNegative() || length.isZero()) {
        throw new IllegalArgumentException("a phase must last, was " + length);
      }
    }
  }

  private static final BlinkPattern OK = on(1800, 200);
  private static final BlinkPattern DEGRADED = on(1000, 1000);
  private static final BlinkPattern FAULT = on(150, 150);
  private static final BlinkPattern STARTING = on(100, 900);

  public BlinkPattern {
    phases = List.copyOf(phases);
    if (phases.isEmpty()) {
      throw new IllegalArgumentException("a pattern needs at least one phase");
    }
  }

  /** The pattern for a status. */
  public static BlinkPattern of(GatewayStatus status) {
    return switch (status) {
      case OK -> OK;
      case DEGRADED -> DEGRADED;
      case FAULT -> FAULT;
      case STARTING -> STARTING;
    };
  }

  /** One cycle's length. */
  public Duration cycle() {
    return phases.stream().map(Phase::length).reduce(Duration.ZERO, Duration::plus);
  }

  private static BlinkPattern on(long onMillis, long offMillis) {
    return new BlinkPattern(List.of(new Phase(true, Duration.ofMillis(onMillis)), new Phase(false, Duration.ofMillis(offMillis))));
  }
}
