package org.proximity.gateway.ad;

/** What an advertisement was classified as. Only GAEN and BLUEZONE carry a readable rolling ID. */
public enum DeviceKind {
  GAEN("gaen"),
  BLUEZONE("bluezone"),
  BLUEZONE_IOS("bluezone_ios"),
  BLUETRACE("bluetrace"),
  APPLE("apple"),
  OTHER("other");

  private final String wireName;

  DeviceKind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
