package org.proximity.gateway.ad;

/**
 * Why an advert that looked like an ID carrier was not accepted as one. Such adverts are classified
 * by the remaining rules (usually {@link DeviceKind#OTHER}); the reason lets callers count them.
 */
public enum RejectReason {
  /** Service data for 0xFD6F without exactly 20 bytes after the UUID (docs/gaen.md#advertisement-layout). */
  GAEN_LENGTH("gaen_length"),
  /** 0x4E56 listed, but manufacturer data for 0x22B5 not exactly 12 bytes (docs/bluezone.md#android-advertisement). */
  BLUEZONE_LENGTH("bluezone_length");

  private final String wireName;

  RejectReason(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
