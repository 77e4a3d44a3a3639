package org.proximity.gateway.publish;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with full jitter: the n-th retry waits a random time in
 * {@code [base·2^n / 2, base·2^n]}, never more than {@code max}. Refusals (bad credentials,
 * not authorised) start from {@code refusedBase}, so a misconfigured gateway does not storm.
 */
public record ReconnectPolicy(Duration base, Duration max, Duration refusedBase) {
  public static final ReconnectPolicy DEFAULT =
      new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofMinutes(1));

  public Duration delay(int attempt, boolean refused, DoubleSupplier random) {
    long start = (refused ? refusedBase : base).toMillis();
    long cap = Math.max(max.toMillis(), refused ? refusedBase.toMillis() : 0);
    long ceiling = Math.min(cap, start << Math.min(attempt, 20));
    long floor = ceiling / 2;
    return Duration.ofMillis(floor + (long) (random.getAsDouble() * (ceiling - floor)));
  }
}
