package org.proximity.gateway.radio.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Ground truth about one tracing-app phone of a simulation: what a test (or a later JSON export)
 * needs to check the gateway's output against.
 *
 * @param number 1, 2, … in order of arrival
 * @param arrival first instant the phone may advertise
 * @param departure first instant it no longer advertises (exclusive)
 * @param dailyKeys one per UTC day of presence: GAEN TEKs or Bluezone daily keys; empty for
 *     Bluezone iOS, whose IDs never go on air
 * @param outOfSyncRotation GAEN only: the MAC changes a little off the RPI change (docs/gaen.md#rotation)
 */
public record SimulatedPhone(
    int number,
    PhoneKind kind,
    Instant arrival,
    Instant departure,
    List<SimulatedDailyKey> dailyKeys,
    boolean outOfSyncRotation) {

  public SimulatedPhone {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(arrival, "arrival");
    Objects.requireNonNull(departure, "departure");
    dailyKeys = List.copyOf(dailyKeys);
  }

  /** True when the phone advertises at {@code t}. */
  public boolean presentAt(Instant t) {
    return !t.isBefore(arrival) && t.isBefore(departure);
  }

  /** The key of the UTC day {@code epochDay}, if the phone was present that day. */
  public Optional<SimulatedDailyKey> dailyKey(long epochDay) {
    return dailyKeys.stream().filter(k -> k.epochDay() == epochDay).findFirst();
  }
}
