package org.proximity.gateway.ad;

/**
 * AD type codes used by the gateway, named after BlueZ {@code BT_AD_*} ({@code src/shared/ad.h});
 * values from the Bluetooth SIG Assigned Numbers, "Common Data Types" (Core Spec Supplement Part A).
 */
public final class AdType {
  public static final int FLAGS = 0x01;
  public static final int UUID16_SOME = 0x02;
  public static final int UUID16_ALL = 0x03;
  public static final int UUID32_SOME = 0x04;
  public static final int UUID32_ALL = 0x05;
  public static final int UUID128_SOME = 0x06;
  public static final int UUID128_ALL = 0x07;
  public static final int NAME_SHORT = 0x08;
  public static final int NAME_COMPLETE = 0x09;
  public static final int TX_POWER = 0x0A;
  public static final int SERVICE_DATA16 = 0x16;
  public static final int SERVICE_DATA32 = 0x20;
  public static final int SERVICE_DATA128 = 0x21;
  public static final int MANUFACTURER_DATA = 0xFF;

  private AdType() {}
}
