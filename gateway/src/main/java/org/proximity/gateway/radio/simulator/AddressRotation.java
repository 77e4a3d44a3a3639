package org.proximity.gateway.radio.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.proximity.gateway.radio.BluetoothAddress;

/**
 * A private address that changes every 15 ± 5 minutes, independent of any ID rotation: Bluezone ties
 * neither to the other (docs/bluezone.md#android-advertisement).
 */
final class AddressRotation {

  private static final long MIN_PERIOD_SECONDS = 10 * 60;
  private static final long MAX_PERIOD_SECONDS = 20 * 60;

  private final SplittableRandom random;
  private BluetoothAddress address;
  private Instant nextChange;

  AddressRotation(SplittableRandom random) {
    this.random = random;
  }

  BluetoothAddress at(Instant at) {
    if (nextChange == null) {
      address = SimulatedDevice.nonResolvablePrivateAddress(random);
      // the first period is partly over when the phone walks in
      nextChange = at.plus(period().multipliedBy(random.nextInt(1, 101)).dividedBy(100));
    }
    while (!at.isBefore(nextChange)) {
      address = SimulatedDevice.nonResolvablePrivateAddress(random);
      nextChange = nextChange.plus(period());
    }
    return address;
  }

  private Duration period() {
    return Duration.ofSeconds(random.nextLong(MIN_PERIOD_SECONDS, MAX_PERIOD_SECONDS + 1));
  }
}
