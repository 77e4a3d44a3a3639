package org.proximity.gateway.ad;

/** What kind of device sent an advertisement (docs/visibility.md). */
public enum DeviceKind {
  /** Exposure Notification: RPI and AEM readable (docs/gaen.md#advertisement-layout). */
  GAEN("gaen"),
  /** Bluezone on Android: 12-byte ID readable (docs/bluezone.md#android-advertisement). */
  BLUEZONE("bluezone"),
  /** Bluezone on iOS: count only, the ID needs a GATT read (docs/bluezone.md#iphones). */
  BLUEZONE_IOS("bluezone_ios"),
  /** BlueTrace / OpenTrace: count only (docs/other-apps.md#bluetrace-and-opentrace). */
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
