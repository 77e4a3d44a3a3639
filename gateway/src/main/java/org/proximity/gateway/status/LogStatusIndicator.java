package org.proximity.gateway.status;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default indicator: logs each change of status or cause once (no line while both stay the same). */
public final class LogStatusIndicator implements StatusIndicator {
  private static final Logger LOG = LoggerFactory.getLogger(LogStatusIndicator.class);

  private GatewayStatus shown; // guarded by this
  private String shownCause; // guarded by this

  @Override
  public void show(GatewayStatus status) {
    show(status, status.description());
  }

  /** Logs a line when the status or its cause changes: "status: degraded: clock not synchronised (none)". */
  @Override
  public synchronized void show(GatewayStatus status, String cause) {
    if (status == shown && cause.equals(shownCause)) {
      return;
    }
    shown = status;
    shownCause = cause;
    String line = status.name().toLowerCase(Locale.ROOT) + ": " + cause;
    if (status == GatewayStatus.FAULT || status == GatewayStatus.DEGRADED) {
      LOG.warn("status: {}", line);
    } else {
      LOG.info("status: {}", line);
    }
  }

  /** The cause last shown, or null before the first. */
  public synchronized String shownCause() {
    return shownCause;
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
