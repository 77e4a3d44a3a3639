package org.proximity.gateway.status;

import java.util.function.Consumer;
import org.proximity.gateway.health.Health;

/**
 * Turns each health snapshot into a status for the indicator. Called only by the {@code health}
 * thread, which owns {@link #previous}.
 */
public final class StatusFeed implements Consumer<Health> {
  private final StatusIndicator indicator;
  private Health previous; // confined to the health thread

  public StatusFeed(StatusIndicator indicator) {
    this.indicator = indicator;
  }

  @Override
  public void accept(Health snapshot) {
    GatewayStatus status = StatusRules.status(snapshot, previous);
    String cause = StatusRules.cause(snapshot, previous);
    previous = snapshot;
    indicator.show(status, cause);
  }
}
