package org.proximity.gateway.radio.hci;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.proximity.gateway.radio.AddressType;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.BluetoothAddress;

/**
 * One report of an HCI LE Advertising Report event (Core Spec v5.3 Vol 4, Part E, 7.7.65.2) or LE
 * Extended Advertising Report event (7.7.65.13), with the Core Specification's field names. Reports
 * rebuilt from over-the-air link-layer PDUs use the legacy event type codes.
 *
 * <p>The address and data may carry a MAC and a rolling ID: {@link #toString()} prints neither.
 *
 * @param extended true for an extended report (then {@code eventType} is the 16-bit bit field)
 * @param eventType legacy: 0x00 ADV_IND, 0x01 ADV_DIRECT_IND, 0x02 ADV_SCAN_IND, 0x03
 *     ADV_NONCONN_IND, 0x04 SCAN_RSP; extended: bit field of 7.7.65.13
 * @param addressType the advertiser's address type
 * @param address the advertiser's address (0 for an anonymous extended advertisement)
 * @param primaryPhy extended only, else 1 (LE 1M)
 * @param secondaryPhy extended only, else 0 (none)
 * @param sid Advertising_SID, extended only, else 0xFF (none)
 * @param txPower dBm, or {@link #TX_POWER_UNAVAILABLE} (legacy reports never give it)
 * @param rssi dBm, or {@link #RSSI_UNAVAILABLE}
 * @param data the advertising data; copied in and out
 */
public record HciAdvertisingReport(
    boolean extended,
    int eventType,
    AddressType addressType,
    BluetoothAddress address,
    int primaryPhy,
    int secondaryPhy,
    int sid,
    int txPower,
    int rssi,
    byte[] data) {

  /** "Not available" for RSSI and TX_Power (7.7.65.2, 7.7.65.13). */
  public static final int RSSI_UNAVAILABLE = 127;
  public static final int TX_POWER_UNAVAILABLE = 127;

  /** Legacy event types (7.7.65.2). */
  public static final int ADV_IND = 0x00;
  public static final int ADV_DIRECT_IND = 0x01;
  public static final int ADV_SCAN_IND = 0x02;
  public static final int ADV_NONCONN_IND = 0x03;
  public static final int SCAN_RSP = 0x04;
  /** What a legacy report (7.7.65.2) has in place of the extended fields: LE 1M, no secondary PHY, no SID. */
  public static final int LEGACY_PRIMARY_PHY = 1;
  public static final int NO_SECONDARY_PHY = 0;
  public static final int NO_SID = 0xFF;
  /** Extended report Event_Type bit 4: the PDU was a legacy one, so its data is at most 31 bytes (7.7.65.13). */
  public static final int EXTENDED_LEGACY_PDU = 0x0010;

  public HciAdvertisingReport {
    Objects.requireNonNull(addressType, "addressType");
    Objects.requireNonNull(address, "address");
    data = data.clone();
  }

  /** A legacy report (7.7.65.2): no PHYs, SID or TX power. */
  public static HciAdvertisingReport legacy(
      int eventType, AddressType addressType, BluetoothAddress address, int rssi, byte[] data) {
    return new HciAdvertisingReport(false, eventType, addressType, address, LEGACY_PRIMARY_PHY, NO_SECONDARY_PHY,
        NO_SID, TX_POWER_UNAVAILABLE, rssi, data);
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  /** Whether the TX power is given (extended reports only). */
  public boolean hasTxPower() {
    return txPower != TX_POWER_UNAVAILABLE;
  }

  /**
   * The source-independent advertisement the pipeline consumes, heard at {@code receivedAt}. It is
   * extended (up to 1650 bytes legal) only for an extended report of an extended PDU: a legacy
   * report, or an extended report whose Event_Type says "legacy PDU", keeps the 31-byte limit.
   */
  public Advertisement toAdvertisement(Instant receivedAt) {
    return new Advertisement(receivedAt, address, addressType, rssi, data, extendedData(extended, eventType));
  }

  /** Whether a report with these fields carries extended data (see {@link #toAdvertisement}). */
  public static boolean extendedData(boolean extended, int eventType) {
    return extended && (eventType & EXTENDED_LEGACY_PDU) == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HciAdvertisingReport r
        && extended == r.extended
        && eventType == r.eventType
        && addressType == r.addressType
        && address.equals(r.address)
        && primaryPhy == r.primaryPhy
        && secondaryPhy == r.secondaryPhy
        && sid == r.sid
        && txPower == r.txPower
        && rssi == r.rssi
        && Arrays.equals(data, r.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(extended, eventType, addressType, address, primaryPhy, secondaryPhy, sid,
        txPower, rssi, Arrays.hashCode(data));
  }

  /** Never prints the address or the data (they may hold a MAC and a rolling ID). */
  @Override
  public String toString() {
    return "HciAdvertisingReport[extended=" + extended + ", eventType=0x"
        + Integer.toHexString(eventType) + ", addressType=" + addressType + ", rssi=" + rssi
        + ", txPower=" + txPower + ", dataLength=" + data.length + "]";
  }
}
