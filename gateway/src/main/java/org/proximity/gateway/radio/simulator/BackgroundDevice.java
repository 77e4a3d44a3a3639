package org.proximity.gateway.radio.simulator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import org.proximity.gateway.radio.AddressType;
import org.proximity.gateway.radio.BluetoothAddress;

/**
 * A device without a tracing app (watch, beacon, headphones, TV): noise the decoders must ignore.
 * It stays all run with one address and one payload.
 */
final class BackgroundDevice extends SimulatedDevice {

  private static final String[] NAMES = {"Mi Smart Band 6", "JBL Flip 5", "[TV] Samsung", "Tile", "HUAWEI WATCH"};

  private final byte[] data;
  private final BluetoothAddress address;
  private final AddressType addressType;

  BackgroundDevice(SplittableRandom random) {
    super(random, null);
    ByteArrayOutputStream ad = new ByteArrayOutputStream();
    switch (random.nextInt(4)) {
      case 0 -> {
        // Apple Continuity "Nearby Info": type 0x10, 5 bytes of status and auth tag
        ad.writeBytes(new byte[] {0x02, 0x01, 0x1A, 0x0A, (byte) 0xFF, 0x4C, 0x00, 0x10, 0x05});
        ad.writeBytes(randomBytes(random, 5));
      }
      case 1 -> {
        // iBeacon: type 0x02, length 0x15, proximity UUID, major, minor, measured power
        ad.writeBytes(new byte[] {0x02, 0x01, 0x06, 0x1A, (byte) 0xFF, 0x4C, 0x00, 0x02, 0x15});
        ad.writeBytes(randomBytes(random, 20));
        ad.write(-59);
      }
      case 2 -> {
        // another vendor's manufacturer data, 4-12 bytes
        byte[] payload = randomBytes(random, random.nextInt(4, 13));
        ad.writeBytes(new byte[] {0x02, 0x01, 0x06, (byte) (payload.length + 3), (byte) 0xFF});
        ad.writeBytes(randomBytes(random, 2));
        ad.writeBytes(payload);
      }
      default -> {
        // a named device: Flags and a complete local name
        byte[] name = NAMES[random.nextInt(NAMES.length)].getBytes(StandardCharsets.UTF_8);
        ad.writeBytes(new byte[] {0x02, 0x01, 0x06, (byte) (name.length + 1), 0x09});
        ad.writeBytes(name);
      }
    }
    this.data = ad.toByteArray();
    // accessories often have a public address; the rest a static random one
    if (random.nextInt(3) == 0) {
      this.address = new BluetoothAddress(random.nextLong(1, 0xFFFF_FFFF_FFFFL));
      this.addressType = AddressType.PUBLIC;
    } else {
      this.address = staticRandomAddress(random);
      this.addressType = AddressType.RANDOM;
    }
  }

  @Override
  byte[] advertisingData(Instant at) {
    return data.clone();
  }

  @Override
  BluetoothAddress address(Instant at) {
    return address;
  }

  @Override
  AddressType addressType() {
    return addressType;
  }

  private static byte[] randomBytes(SplittableRandom random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
