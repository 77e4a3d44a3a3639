package org.proximity.gateway.publish;

import java.time.Duration;
import java.util.function.DoubleSupplier;
import org.proximity.common.retry.Backoff;

/**
 * How the forwarder spaces its connection attempts ({@link Backoff} with jitter one half): the
 * n-th retry waits a random time in {@code [base·2^n / 2, base·2^n]}, never more than {@code max}.
 * Refusals (bad credentials, not authorised) start from {@code refusedBase} instead, so a
 * misconfigured gateway does not storm; their cap is the larger of {@code max} and {@code refusedBase}.
 */
public record ReconnectPolicy(Backoff failed, Backoff refused) {
  public static final ReconnectPolicy DEFAULT =
      new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofMinutes(1));
  private static final double JITTER = 0.5;

  public ReconnectPolicy(Duration base, Duration max, Duration refusedBase) {
    this(new Backoff(base, max, JITTER),
        new Backoff(refusedBase, max.compareTo(refusedBase) >= 0 ? max : refusedBase, JITTER));
  }

  public Duration delay(int attempt, boolean refused, DoubleSupplier random) {
    return (refused ? this.refused : failed).delay(attempt, random);
  }
}
