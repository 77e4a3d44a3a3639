package org.proximity.gateway.radio.simulator;

import java.util.Arrays;
import java.util.Objects;

/**
 * Ground truth: the key a simulated phone used on one UTC day. For {@link PhoneKind#GAEN} it is the
 * 16-byte TEK, whose rolling start interval number is {@code epochDay × 144} (docs/gaen.md#time-base); for
 * {@link PhoneKind#BLUEZONE_ANDROID} it is the 32-byte daily key D(epochDay) (docs/bluezone.md#key-schedule).
 * This is what a health backend would learn from a published key. {@link #toString()} omits it.
 */
public record SimulatedDailyKey(long epochDay, byte[] key) {

  public SimulatedDailyKey {
    key = key.clone();
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  /** For a GAEN TEK: the ENIN of the UTC midnight the key starts at. */
  public int rollingStartIntervalNumber() {
    return Math.toIntExact(epochDay * 144);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SimulatedDailyKey k && epochDay == k.epochDay && Arrays.equals(key, k.key);
  }

  @Override
  public int hashCode() {
    return Objects.hash(epochDay, Arrays.hashCode(key));
  }

  @Override
  public String toString() {
    return "SimulatedDailyKey[epochDay=" + epochDay + ", key=redacted]";
  }
}
