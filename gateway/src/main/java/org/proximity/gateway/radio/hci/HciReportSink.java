package org.proximity.gateway.radio.hci;

import java.util.Arrays;
import java.util.function.Consumer;
import org.proximity.gateway.radio.AddressType;
import org.proximity.gateway.radio.BluetoothAddress;

/**
 * Receives each report of an HCI advertising report event as {@link HciEventParser} reads it, its
 * fields as in {@link HciAdvertisingReport} and its data as {@code buf[dataOffset .. dataOffset +
 * dataLength)} inside the event: no object per report. The bytes are lent for the call only.
 */
@FunctionalInterface
public interface HciReportSink {
  void report(boolean extended, int eventType, AddressType addressType, long address, int primaryPhy,
      int secondaryPhy, int sid, int txPower, int rssi, byte[] buf, int dataOffset, int dataLength);

  /** A sink that makes an {@link HciAdvertisingReport} of each report. */
  static HciReportSink of(Consumer<HciAdvertisingReport> out) {
    return (extended, eventType, addressType, address, primaryPhy, secondaryPhy, sid, txPower, rssi, buf, off, len) ->
        out.accept(new HciAdvertisingReport(extended, eventType, addressType, new BluetoothAddress(address),
            primaryPhy, secondaryPhy, sid, txPower, rssi, Arrays.copyOfRange(buf, off, off + len)));
  }
}
