package org.proximity.gateway.ad;

/** What kind of device sent an advertisement (protocols.md quick map and 7.1). */
public enum DeviceKind {
  /** Exposure Notification: RPI and AEM readable (protocols.md 2.1). */
  GAEN("gaen"),
  /** Bluezone on Android: 12-byte ID readable (protocols.md 3.2). */
  BLUEZONE("bluezone"),
  /** Bluezone on iOS: count only, the ID needs a GATT read (protocols.md 3.3). */
  BLUEZONE_IOS("bluezone_ios"),
  /** BlueTrace / OpenTrace: count only (protocols.md 4). */
  BLUETRACE("bluetrace"),
  /** Any other advert with Apple manufacturer data. */
  APPLE("apple"),
  /** Everything else. */
  OTHER("other");

  private final String wireName;

  DeviceKind(String wireName) {
    this.wireName = wireName;
  }

  /** The name used on the wire (decode command, MQTT); stable across releases. */
  public String wireName() {
    return wireName;
  }

  /** Whether adverts of this kind carry a rolling ID that the gateway can read. */
  public boolean carriesId() {
    return this == GAEN || this == BLUEZONE;
  }
}
