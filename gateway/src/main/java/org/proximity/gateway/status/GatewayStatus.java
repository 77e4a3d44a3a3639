package org.proximity.gateway.status;

/**
 * What the status LED says, worst last. {@link StatusRules} derives it from a health snapshot;
 * {@link BlinkPattern#of} gives the pattern a technician sees.
 */
public enum GatewayStatus {
  /** The service has just started and has not yet connected to the broker or synchronised the clock. */
  STARTING("not yet connected to the broker or synchronised"),
  /** Scanning, broker connected, clock synchronised. */
  OK("scanning, broker connected, clock synchronised"),
  /** Still recording, but the broker is unreachable (records wait in the outbox) or the clock is not synchronised. */
  DEGRADED("broker unreachable or not acknowledging (records wait in the outbox) or clock not synchronised"),
  /** The radio is recovering or has failed, the outbox is full and dropping records, or the day key is unusable. */
  FAULT("radio recovering or failed, the outbox dropping records, or the day key unusable");

  private final String description;

  GatewayStatus(String description) {
    this.description = description;
  }

  /** What this status means in general; the log names the actual cause ({@link StatusRules#cause}). */
  public String description() {
    return description;
  }
}
