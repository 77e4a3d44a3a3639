package org.proximity.gateway.radio.gatt;

/** How one GATT read of a Bluezone iPhone ended; the wire names are the health topic's keys. */
public enum GattOutcome {
  /** 12 bytes read: a Bluezone ID. */
  READ("reads"),
  /** No connection, or no resolved services, within the connect timeout; or ReadValue took as long. */
  TIMEOUT("timeouts"),
  /** BlueZ or the phone refused: Connect or ReadValue answered with an error. */
  REFUSED("refusals"),
  /** The device left BlueZ's cache before or during the read. */
  GONE("gone"),
  /** Connected, but the phone offers no Bluezone service and characteristic. */
  NO_CHARACTERISTIC("no_characteristic"),
  /** The characteristic's value was not 12 bytes long: not kept. */
  INVALID_VALUE("invalid_value");

  private final String wireName;

  GattOutcome(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
