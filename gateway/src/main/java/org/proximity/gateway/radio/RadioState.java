package org.proximity.gateway.radio;

/**
 * Where a radio's recovery ladder stands (docs/radio.md, "Recovery ladder"). The health topic's
 * {@code radio.state} is the constant's name (docs/schema/health.schema.json lists the same five).
 */
public enum RadioState {
  /** Powered and discovering, advertisements heard within the quiet threshold. */
  SCANNING,
  /** Powered and discovering, nothing heard for the quiet threshold (a night); not a fault. */
  QUIET,
  /** Discovery or power is off: the ladder restarts discovery or power-cycles the adapter. */
  RECOVERING,
  /** No adapter present (unplugged, bluetoothd restarted): waiting for one to come back. */
  WAITING_FOR_ADAPTER,
  /** The ladder gave up; the service exits with status 75 (common.cli.ExitCodes.RADIO_FAILED). */
  FAILED
}
