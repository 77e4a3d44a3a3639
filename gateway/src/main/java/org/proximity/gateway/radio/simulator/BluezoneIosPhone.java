package org.proximity.gateway.radio.simulator;

import java.time.Instant;
import java.util.SplittableRandom;
import org.proximity.gateway.radio.BluetoothAddress;

/**
 * A Bluezone iPhone in the background: only Apple's overflow area with bit 0x08 set, exactly the
 * pattern Bluezone's own scanner filters on (docs/bluezone.md#iphones). Its ID is never on air.
 */
final class BluezoneIosPhone extends SimulatedDevice {

  private static final byte[] OVERFLOW_AREA = {
    0x02, 0x01, 0x1A, // Flags
    0x14, (byte) 0xFF, 0x4C, 0x00, // manufacturer data, company 0x004C (Apple), 17 bytes follow
    0x01, // overflow area
    0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 // 16-byte bitmask: the Bluezone bit only
  };

  private final AddressRotation addresses;

  BluezoneIosPhone(SplittableRandom random, SimulatedPhone truth) {
    super(random, truth.departure());
    this.addresses = new AddressRotation(random);
  }

  @Override
  byte[] advertisingData(Instant at) {
    return OVERFLOW_AREA.clone();
  }

  @Override
  BluetoothAddress address(Instant at) {
    return addresses.at(at);
  }
}
