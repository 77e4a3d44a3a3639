package org.proximity.gateway.radio.simulator;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What to simulate. Trusted input (CLI, tests): invalid values throw naming the field.
 *
 * @param phones tracing-app phones present at a time, on average; arrivals are Poisson with the
 *     rate that keeps this many present for the mean dwell time
 * @param gaenShare share of phones running a GAEN app
 * @param bluezoneAndroidShare share running Bluezone on Android
 * @param bluezoneIosShare share running Bluezone on iOS; the three shares sum to 1
 * @param backgroundDevices non-app devices present all the time (watches, beacons, headphones)
 * @param lossRate share of advertisements the gateway does not hear, in [0, 1)
 * @param seed the whole stream is a function of the config, seed included
 * @param start simulated time of the first advertisement
 * @param end simulated time at which the stream ends (exclusive), or null for an endless stream
 */
public record SimulationConfig(
    int phones,
    double gaenShare,
    double bluezoneAndroidShare,
    double bluezoneIosShare,
    int backgroundDevices,
    double lossRate,
    long seed,
    Instant start,
    Instant end) {

  public SimulationConfig {
    requireAtLeastZero(phones, "phones");
    requireAtLeastZero(backgroundDevices, "backgroundDevices");
    requireShare(gaenShare, "gaenShare");
    requireShare(bluezoneAndroidShare, "bluezoneAndroidShare");
    requireShare(bluezoneIosShare, "bluezoneIosShare");
    double sum = gaenShare + bluezoneAndroidShare + bluezoneIosShare;
    if (Math.abs(sum - 1.0) > 1e-9) {
      throw new IllegalArgumentException("phone shares must sum to 1, was " + sum);
    }
    if (!(lossRate >= 0 && lossRate < 1)) {
      throw new IllegalArgumentException("lossRate must be in [0, 1), was " + lossRate);
    }
    Objects.requireNonNull(start, "start");
    if (end != null && !end.isAfter(start)) {
      throw new IllegalArgumentException("end must be after start, was " + end);
    }
  }

  /** A busy bus stop: 20 phones (half GAEN), 30 background devices, 20 % loss, no end. */
  public static SimulationConfig defaults(long seed, Instant start) {
    return new SimulationConfig(20, 0.5, 0.35, 0.15, 30, 0.2, seed, start, null);
  }

  public SimulationConfig withDevices(int phones, int backgroundDevices) {
    return new SimulationConfig(phones, gaenShare, bluezoneAndroidShare, bluezoneIosShare,
        backgroundDevices, lossRate, seed, start, end);
  }

  public SimulationConfig withShares(double gaen, double bluezoneAndroid, double bluezoneIos) {
    return new SimulationConfig(phones, gaen, bluezoneAndroid, bluezoneIos,
        backgroundDevices, lossRate, seed, start, end);
  }

  public SimulationConfig withLossRate(double lossRate) {
    return new SimulationConfig(phones, gaenShare, bluezoneAndroidShare, bluezoneIosShare,
        backgroundDevices, lossRate, seed, start, end);
  }

  public SimulationConfig withSeed(long seed) {
    return new SimulationConfig(phones, gaenShare, bluezoneAndroidShare, bluezoneIosShare,
        backgroundDevices, lossRate, seed, start, end);
  }

  public SimulationConfig withStart(Instant start) {
    return new SimulationConfig(phones, gaenShare, bluezoneAndroidShare, bluezoneIosShare,
        backgroundDevices, lossRate, seed, start, end);
  }

  public SimulationConfig withEnd(Instant end) {
    return new SimulationConfig(phones, gaenShare, bluezoneAndroidShare, bluezoneIosShare,
        backgroundDevices, lossRate, seed, start, end);
  }

  public Optional<Instant> endTime() {
    return Optional.ofNullable(end);
  }

  private static void requireAtLeastZero(int value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, was " + value);
    }
  }

  private static void requireShare(double value, String name) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], was " + value);
    }
  }
}
