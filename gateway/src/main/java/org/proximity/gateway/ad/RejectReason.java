package org.proximity.gateway.ad;

/**
 * Why an advert that looked like an ID carrier was not accepted as one. Such adverts are classified
 * by the remaining rules (usually {@link DeviceKind#OTHER}); the reason lets callers count them.
 */
public enum RejectReason {
  /** Service data for 0xFD6F without exactly 20 bytes after the UUID (protocols.md 2.1). */
  GAEN_LENGTH("gaen_length"),
  /** UUID 0x4E56 listed, but manufacturer data for 0x22B5 without exactly 12 bytes (protocols.md 3.2). */
  BLUEZONE_LENGTH("bluezone_length");

  private final String wireName;

  RejectReason(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
