package org.proximity.gateway.status;

/**
 * Shows the gateway's status to a technician: a GPIO LED ({@code status.gpio.Pi4jStatusLed}) or
 * the log ({@link LogStatusIndicator}). {@link #show} is called by the health thread and must
 * not block; {@link #close} turns the indicator off (LED dark) and is called once at shutdown.
 */
public interface StatusIndicator extends AutoCloseable {

  /** Shows this status from now on (repeating the current one is allowed and cheap). */
  void show(GatewayStatus status);

  /** Shows this status; {@code cause} (what made it so, {@link StatusRules#cause}) goes to the log. */
  default void show(GatewayStatus status, String cause) {
    show(status);
  }

  @Override
  void close();
}
