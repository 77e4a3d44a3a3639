package org.proximity.gateway.radio.simulator;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.SplittableRandom;
import org.proximity.contract.rollingid.EnIntervalNumber;
import org.proximity.contract.rollingid.GaenKeySchedule;
import org.proximity.gateway.radio.BluetoothAddress;

/** A phone running an Exposure Notification app (docs/gaen.md). */
final class GaenPhone extends SimulatedDevice {

  private static final byte[] FLAGS = {0x02, 0x01, 0x1A};
  private static final byte[] UUID_LIST_AND_SERVICE_DATA_HEADER = {
    0x03, 0x03, 0x6F, (byte) 0xFD, // complete list of 16-bit UUIDs: 0xFD6F
    0x17, 0x16, 0x6F, (byte) 0xFD // service data for 0xFD6F, 20 bytes follow
  };
  private static final int NO_INTERVAL = Integer.MIN_VALUE;

  private final SimulatedPhone truth;
  private final boolean withFlags;
  private final byte[] metadata;
  private final long macLagNanos;

  private int keyDay = NO_INTERVAL;
  private byte[] rpik;
  private byte[] aemk;
  private int rpiInterval = NO_INTERVAL;
  private byte[] serviceData;
  private int macInterval = NO_INTERVAL;
  private BluetoothAddress address;

  /**
   * @param withFlags the spec layout with Flags (31 bytes) or the Android one without (28 bytes),
   *     docs/gaen.md#advertisement-layout
   * @param macLagNanos 0 for a phone that changes MAC and RPI together; otherwise how far the MAC
   *     change lags (or, negative, leads) the RPI change (docs/gaen.md#rotation)
   */
  GaenPhone(SplittableRandom random, SimulatedPhone truth, boolean withFlags, long macLagNanos) {
    super(random, truth.departure());
    this.truth = truth;
    this.withFlags = withFlags;
    this.macLagNanos = macLagNanos;
    // metadata v1.0 with the phone's calibrated TX power (docs/gaen.md#metadata)
    this.metadata = new byte[] {0x40, (byte) random.nextInt(-20, 9), 0, 0};
  }

  @Override
  byte[] advertisingData(Instant at) {
    int enin = EnIntervalNumber.of(at);
    if (enin != rpiInterval) {
      // a new RPI whenever the ENIN changes (docs/gaen.md#rotation)
      int rollingStart = EnIntervalNumber.rollingStart(enin);
      if (rollingStart != keyDay) {
        byte[] tek = truth.dailyKey(rollingStart / EnIntervalNumber.TEK_ROLLING_PERIOD)
            .orElseThrow(() -> new IllegalStateException("no TEK for a day of presence"))
            .key();
        rpik = GaenKeySchedule.rpik(tek);
        aemk = GaenKeySchedule.aemk(tek);
        keyDay = rollingStart;
      }
      byte[] rpi = GaenKeySchedule.rpi(rpik, enin);
      serviceData = ByteBuffer.allocate(20).put(rpi).put(GaenKeySchedule.aem(aemk, rpi, metadata)).array();
      rpiInterval = enin;
    }
    ByteBuffer ad = ByteBuffer.allocate((withFlags ? FLAGS.length : 0) + 28);
    if (withFlags) {
      ad.put(FLAGS);
    }
    return ad.put(UUID_LIST_AND_SERVICE_DATA_HEADER).put(serviceData).array();
  }

  @Override
  BluetoothAddress address(Instant at) {
    // restarting advertising gives a new MAC, normally at the same moment as the RPI
    int interval = EnIntervalNumber.of(at.minusNanos(macLagNanos));
    if (interval != macInterval) {
      address = nonResolvablePrivateAddress(random);
      macInterval = interval;
    }
    return address;
  }
}
