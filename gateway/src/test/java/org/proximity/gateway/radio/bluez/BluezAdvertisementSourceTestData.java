package org.proximity.gateway.radio.bluez;

/** Test payloads shared by the bluez and tinyb tests (annotated in BluezAdvertisementSourceTest). */
public final class BluezAdvertisementSourceTestData {
  public static final byte[] GAEN_DATA = BluezAdvertisementSourceTest.GAEN_DATA.clone();
  public static final byte[] BLUEZONE_ID = BluezAdvertisementSourceTest.BLUEZONE_ID.clone();

  private BluezAdvertisementSourceTestData() {}
}
