package org.proximity.gateway.radio.bluez;

/** Test payloads shared by the bluez and tinyb tests (annotated in BluezAdvertisementSourceIT). */
public final class BluezAdvertisementSourceTestData {
  public static final byte[] GAEN_DATA = BluezAdvertisementSourceIT.GAEN_DATA.clone();
  public static final byte[] BLUEZONE_ID = BluezAdvertisementSourceIT.BLUEZONE_ID.clone();

  private BluezAdvertisementSourceTestData() {}
}
