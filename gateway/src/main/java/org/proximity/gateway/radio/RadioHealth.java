package org.proximity.gateway.radio;

/**
 * What a radio source reports to the health topic (docs/radio.md, "Counters"). Counters are totals
 * since the source started; {@link DeviceCache#bluezDevices} is a current value.
 *
 * @param source the source's name ({@code bluez}, {@code tinyb})
 * @param state where the recovery ladder stands
 * @param reports what became of the radio's reports
 * @param cache BlueZ's device cache and its housekeeping
 * @param recovery the recovery ladder's steps
 */
public record RadioHealth(String source, RadioState state, Reports reports, DeviceCache cache, Recovery recovery) {

  /**
   * @param advertisements advertisements handed to the sink
   * @param reportsWithoutRssi reports dropped because no RSSI was ever known for the device
   * @param structuresOmitted AD structures left out of rebuilt data to keep it within the limit
   */
  public record Reports(long advertisements, long reportsWithoutRssi, long structuresOmitted) {}

  /**
   * @param bluezDevices {@code org.bluez.Device1} objects BlueZ currently holds under our adapter
   * @param devicesRemoved devices removed from BlueZ's cache by the housekeeping
   * @param removalFailures RemoveDevice calls that failed
   */
  public record DeviceCache(long bluezDevices, long devicesRemoved, long removalFailures) {}

  /**
   * The recovery ladder's counters; every step is counted.
   *
   * @param discoveryRestarts step 1: discovery restarted because Discovering was false
   * @param quietRestarts discovery restarted because nothing was heard for the quiet threshold
   * @param powerCycles step 2: Powered false then true
   * @param adapterLosses step 3: the adapter vanished (unplugged, bluetoothd restarted)
   * @param adapterReturns an adapter came back and discovery was set up again
   * @param actionFailures recovery calls that failed (they are retried with backoff)
   * @param gaveUp step 4: the service is exiting with status 75
   */
  public record Recovery(long discoveryRestarts, long quietRestarts, long powerCycles,
      long adapterLosses, long adapterReturns, long actionFailures, boolean gaveUp) {}
}
