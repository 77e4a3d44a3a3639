package org.proximity.gateway.radio;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One advertising report as heard by a radio source: when, from which address, how loud, and the
 * advertising data bytes (the AD structures of Core Spec Vol 3, Part C, 11).
 *
 * <p>Every source hands over raw AD bytes. Sources that get parsed maps (BlueZ over D-Bus) rebuild
 * the AD structures from them, so that one parser and one set of decoders serve every source.
 *
 * <p>Raw advertising data and the address may carry rolling IDs and MACs: this record lives in
 * RAM only, and {@link #toString()} prints neither.
 *
 * @param extended whether the data came in an extended advertising report (HCI LE Extended
 *     Advertising Report, Core Spec v5.3 Vol 4, Part E, 7.7.65.13), where up to 1650 bytes are legal;
 *     legacy data is at most 31 bytes (Vol 6, Part B, 2.3.1)
 */
public record Advertisement(
    Instant receivedAt, BluetoothAddress address, AddressType addressType, int rssi, byte[] data,
    boolean extended) {

  /** A legacy advertisement (at most 31 bytes of data are legal). */
  public Advertisement(Instant receivedAt, BluetoothAddress address, AddressType addressType, int rssi, byte[] data) {
    this(receivedAt, address, addressType, rssi, data, false);
  }

  public Advertisement {
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(addressType, "addressType");
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  /** The advertising data without a defensive copy; callers must not modify it. */
  public byte[] dataUnsafe() {
    return data;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Advertisement a
        && receivedAt.equals(a.receivedAt)
        && address.equals(a.address)
        && addressType == a.addressType
        && rssi == a.rssi
        && extended == a.extended
        && Arrays.equals(data, a.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(receivedAt, address, addressType, rssi, extended, Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "Advertisement[at=" + receivedAt + ", rssi=" + rssi + ", bytes=" + data.length + (extended ? ", extended" : "") + "]";
  }
}
