package org.proximity.gateway.status;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default indicator: logs each change of status once (no line while it stays the same). */
public final class LogStatusIndicator implements StatusIndicator {
  private static final Logger LOG = LoggerFactory.getLogger(LogStatusIndicator.class);

  private GatewayStatus shown; // guarded by this

  @Override
  public synchronized void show(GatewayStatus status) {
    if (status == shown) {
      return;
    }
    shown = status;
    if (status == GatewayStatus.FAULT || status == GatewayStatus.DEGRADED) {
      LOG.warn("status: {}", status.description());
    } else {
      LOG.info("status: {}", status.description());
    }
  }

  /** The status last shown, or null before the first. */
  public synchronized GatewayStatus shown() {
    return shown;
  }

  @Override
  public void close() {
    // nothing to turn off
  }
}
