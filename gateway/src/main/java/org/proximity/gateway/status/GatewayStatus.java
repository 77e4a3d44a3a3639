package org.proximity.gateway.status;

/**
 * What the status LED says, worst last. {@link StatusRules} derives it from a health snapshot;
 * {@link BlinkPattern#of} gives the pattern a technician sees.
 */
public enum GatewayStatus {
  /** The service has just started and has not yet connected to the broker or synchronised the clock. */
  STARTING("starting"),
  /** Scanning, broker connected, clock synchronised. */
  OK("ok: scanning, broker connected, clock synchronised"),
  /** Still recording, but the broker is unreachable (records wait in the outbox) or the clock is not synchronised. */
  DEGRADED("degraded: broker unreachable or not acknowledging (records wait in the outbox) or clock not synchronised"),
  /** The radio is recovering or has failed, or the outbox is full and dropping records. */
  FAULT("fault: radio recovering or failed, the outbox dropping records, or the day key unusable");

  private final String description;

  GatewayStatus(String description) {
    this.description = description;
  }

  /** One line for the log and the technician. */
  public String description() {
    return description;
  }
}
