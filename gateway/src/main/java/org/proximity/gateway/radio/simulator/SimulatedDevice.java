package org.proximity.gateway.radio.simulator;

import java.time.Instant;
import java.util.SplittableRandom;
import org.proximity.gateway.radio.AddressType;
import org.proximity.gateway.radio.BluetoothAddress;

/**
 * One advertiser in the simulated station. Each device owns a random stream split from the
 * simulator's, so its behaviour depends only on the seed and the order of creation.
 *
 * <p>Not thread-safe: only the simulator's caller touches it.
 */
abstract class SimulatedDevice {

  // log-distance path loss (indoor, line of sight) and shadowing noise
  static final double PATH_LOSS_EXPONENT = 2.2;
  static final double RSSI_NOISE_DB = 4.0;
  static final int RSSI_MIN = -100;
  static final int RSSI_MAX = -30;

  // advertising interval 200-270 ms (GAEN spec v1.1, docs/gaen.md#advertisement-layout) plus 0-10 ms advDelay
  static final long MIN_INTERVAL_MICROS = 200_000;
  static final long MAX_INTERVAL_MICROS = 270_000;
  static final long MAX_JITTER_MICROS = 10_000;

  final SplittableRandom random;
  final Instant departure; // null: present for the whole run
  private final long intervalMicros;
  private final double distanceMetres;
  private final int txPowerAt1m;

  SimulatedDevice(SplittableRandom random, Instant departure) {
    this.random = random;
    this.departure = departure;
    this.intervalMicros = random.nextLong(MIN_INTERVAL_MICROS, MAX_INTERVAL_MICROS + 1);
    this.distanceMetres = random.nextDouble(1.0, 30.0);
    this.txPowerAt1m = random.nextInt(-65, -54);
  }

  /** The AD bytes on air at {@code at}; called for every advertising event, heard or lost. */
  abstract byte[] advertisingData(Instant at);

  /** The address on air at {@code at}; called after {@link #advertisingData}. */
  abstract BluetoothAddress address(Instant at);

  AddressType addressType() {
    return AddressType.RANDOM;
  }

  boolean presentAt(Instant at) {
    return departure == null || at.isBefore(departure);
  }

  /** The next advertising event: the device's own interval plus a fresh random delay. */
  Instant nextAdvertisingEvent(Instant at) {
    return at.plusNanos(1000 * (intervalMicros + random.nextLong(MAX_JITTER_MICROS + 1)));
  }

  /** A first event within one interval of {@code at}, so devices do not advertise in lockstep. */
  Instant firstAdvertisingEvent(Instant at) {
    return at.plusNanos(1000 * random.nextLong(intervalMicros));
  }

  boolean lost(double lossRate) {
    return random.nextDouble() < lossRate;
  }

  /** rssi = txPowerAt1m − 10·n·log10(d) + noise, clamped to what a receiver reports. */
  int rssi() {
    double rssi = txPowerAt1m - 10 * PATH_LOSS_EXPONENT * Math.log10(distanceMetres)
        + RSSI_NOISE_DB * random.nextGaussian();
    return (int) Math.max(RSSI_MIN, Math.min(RSSI_MAX, Math.round(rssi)));
  }

  /**
   * A non-resolvable private address: random, top two bits 00 (Core Spec Vol 6, Part B, 1.3.2.2),
   * what phones rotate through.
   */
  static BluetoothAddress nonResolvablePrivateAddress(SplittableRandom random) {
    // the random part must not be all zeros or all ones
    return new BluetoothAddress(random.nextLong(1, 0x3FFF_FFFF_FFFFL));
  }

  /** A static random address: top two bits 11 (Core Spec Vol 6, Part B, 1.3.2.1). */
  static BluetoothAddress staticRandomAddress(SplittableRandom random) {
    return new BluetoothAddress(0xC000_0000_0000L | random.nextLong(1, 0x3FFF_FFFF_FFFFL));
  }
}
