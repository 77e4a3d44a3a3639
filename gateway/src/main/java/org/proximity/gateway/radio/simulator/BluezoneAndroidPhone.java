package org.proximity.gateway.radio.simulator;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.SplittableRandom;
import org.proximity.contract.rollingid.BluezoneKeySchedule;
import org.proximity.gateway.radio.BluetoothAddress;

/** A Bluezone phone on Android: its current ID in manufacturer data 0x22B5 (docs/bluezone.md#android-advertisement). */
final class BluezoneAndroidPhone extends SimulatedDevice {

  private static final byte[] HEADER = {
    0x02, 0x01, 0x06, // Flags: LE General Discoverable, BR/EDR not supported
    0x03, 0x03, 0x56, 0x4E, // complete list of 16-bit UUIDs: 0x4E56
    0x0F, (byte) 0xFF, (byte) 0xB5, 0x22 // manufacturer data, company 0x22B5, 12 bytes follow
  };

  private final SimulatedPhone truth;
  private final AddressRotation addresses;
  private long idDay = Long.MIN_VALUE;
  private byte[] dailyKey;
  private int idSlot = -1;
  private byte[] id;

  BluezoneAndroidPhone(SplittableRandom random, SimulatedPhone truth) {
    super(random, truth.departure());
    this.truth = truth;
    this.addresses = new AddressRotation(random);
  }

  @Override
  byte[] advertisingData(Instant at) {
    long day = Math.floorDiv(at.getEpochSecond(), 86_400);
    if (day != idDay) {
      dailyKey = truth.dailyKey(day)
          .orElseThrow(() -> new IllegalStateException("no daily key for a day of presence"))
          .key();
      idDay = day;
      idSlot = -1;
    }
    // only the ID on air is kept: a day's 96 of them for each of 35,000 phones filled a 256 MB heap
    int slot = BluezoneKeySchedule.slot(at, BluezoneKeySchedule.DEFAULT_IDS_PER_DAY);
    if (slot != idSlot) {
      id = BluezoneKeySchedule.bluezoneId(dailyKey, slot);
      idSlot = slot;
    }
    return ByteBuffer.allocate(HEADER.length + id.length).put(HEADER).put(id).array();
  }

  @Override
  BluetoothAddress address(Instant at) {
    return addresses.at(at);
  }
}
