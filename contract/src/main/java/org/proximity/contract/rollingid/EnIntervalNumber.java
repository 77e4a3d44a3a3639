package org.proximity.contract.rollingid;

import java.time.Instant;

/**
 * GAEN's time base: 10-minute intervals since the Unix epoch, UTC (docs/gaen.md#time-base,
 * {@code TimeIntervalNumberUtility.getTimeIntervalNumber}). Pure: the caller supplies the instant.
 */
public final class EnIntervalNumber {

  /** Length of one interval (docs/gaen.md#time-base). */
  public static final int INTERVAL_SECONDS = 600;

  /** Intervals per TEK; a key starts at UTC midnight (docs/gaen.md#time-base). */
  public static final int TEK_ROLLING_PERIOD = 144;

  private EnIntervalNumber() {}

  /** {@code floor(unix_seconds / 600)}. */
  public static int of(Instant t) {
    return Math.toIntExact(Math.floorDiv(t.getEpochSecond(), INTERVAL_SECONDS));
  }

  /** The first instant of the interval. */
  public static Instant start(int enIntervalNumber) {
    return Instant.ofEpochSecond((long) enIntervalNumber * INTERVAL_SECONDS);
  }

  /** The rolling start interval number of the TEK in force at that interval: its UTC midnight. */
  public static int rollingStart(int enIntervalNumber) {
    return TEK_ROLLING_PERIOD * Math.floorDiv(enIntervalNumber, TEK_ROLLING_PERIOD);
  }
}
