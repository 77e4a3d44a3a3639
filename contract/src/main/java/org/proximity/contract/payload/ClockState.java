package org.proximity.contract.payload;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the gateway knew about its wall clock when a batch closed. {@code synced}: the system
 * clock was synchronised (NTP, or an RTC trusted by configuration); {@code source}: what said so,
 * one of {@link #SOURCES} (docs/payloads.md, "Clock sources"; the schemas' enum is the same list).
 */
public record ClockState(boolean synced, String source) {
  /** Every wire value of {@code clock.source}. */
  public static final Set<String> SOURCES = Set.of("systemd-timesyncd", "chrony", "timedatectl", "none", "trusted",
      "unknown", "capture", "simulated");
  public static final ClockState UNKNOWN = new ClockState(false, "unknown");
  public static final ClockState SIMULATED = new ClockState(true, "simulated");
  public static final ClockState CAPTURE = new ClockState(true, "capture");

  public ClockState {
    Objects.requireNonNull(source, "source");
    if (!SOURCES.contains(source)) {
      throw new IllegalArgumentException("clock.source must be one of " + new TreeSet<>(SOURCES) + ", was " + source);
    }
  }
}
