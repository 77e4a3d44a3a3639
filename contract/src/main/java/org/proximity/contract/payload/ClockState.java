package org.proximity.contract.payload;

import java.util.Objects;

/**
 * What the gateway knew about its wall clock when a batch closed. {@code synced}: the system
 * clock was synchronised (NTP, or an RTC trusted by configuration); {@code source}: what said so,
 * e.g. {@code systemd-timesyncd}, {@code chrony}, {@code simulated}, {@code capture}, {@code none}.
 */
public record ClockState(boolean synced, String source) {
  public static final ClockState UNKNOWN = new ClockState(false, "unknown");
  public static final ClockState SIMULATED = new ClockState(true, "simulated");
  public static final ClockState CAPTURE = new ClockState(true, "capture");

  public ClockState {
    Objects.requireNonNull(source, "source");
  }
}
