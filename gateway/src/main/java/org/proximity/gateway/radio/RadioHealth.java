package org.proximity.gateway.radio;

/**
 * What a radio source reports to the health topic (docs/radio.md, "Counters"). Counters are totals
 * since the source started; {@code bluezDevices} is a current value.
 *
 * @param source the source's name ({@code bluez}, {@code tinyb})
 * @param status the recovery ladder's state: SCANNING, QUIET, RECOVERING, WAITING_FOR_ADAPTER or
 *     FAILED
 * @param advertisements advertisements handed to the sink
 * @param reportsWithoutRssi reports dropped because no RSSI was ever known for the device
 * @param structuresOmitted AD structures left out of rebuilt data to keep it within the limit
 * @param bluezDevices {@code org.bluez.Device1} objects BlueZ currently holds under our adapter
 * @param devicesRemoved devices removed from BlueZ's cache by the housekeeping
 * @param removalFailures RemoveDevice calls that failed
 * @param discoveryRestarts ladder step 1: discovery restarted because Discovering was false
 * @param quietRestarts discovery restarted because nothing was heard for the quiet threshold
 * @param powerCycles ladder step 2: Powered false then true
 * @param adapterLosses ladder step 3: the adapter vanished (unplugged, bluetoothd restarted)
 * @param adapterReturns an adapter came back and discovery was set up again
 * @param actionFailures recovery calls that failed (they are retried with backoff)
 * @param gaveUp ladder step 4: the service is exiting with status 75
 */
public record RadioHealth(String source, String status, long advertisements,
    long reportsWithoutRssi, long structuresOmitted, long bluezDevices, long devicesRemoved,
    long removalFailures, long discoveryRestarts, long quietRestarts, long powerCycles,
    long adapterLosses, long adapterReturns, long actionFailures, boolean gaveUp) {}
