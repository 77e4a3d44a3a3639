package org.proximity.gateway.app;

import org.proximity.gateway.status.GatewayStatus;
import org.proximity.gateway.status.StatusIndicator;

/** Passes each status to the LED (or the log) and remembers the last one for the status file. */
final class ShownStatus implements StatusIndicator {
  private final StatusIndicator indicator;
  private volatile GatewayStatus last;

  ShownStatus(StatusIndicator indicator) {
    this.indicator = indicator;
  }

  @Override
  public void show(GatewayStatus status) {
    last = status;
    indicator.show(status);
  }

  /** The status shown last, or null before the first health report. */
  GatewayStatus last() {
    return last;
  }

  @Override
  public void close() {
    indicator.close();
  }
}
