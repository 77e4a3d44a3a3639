package org.proximity.gateway.radio;

/** Advertiser address type, as in the HCI LE Advertising Report (Core Spec Vol 4, Part E, 7.7.65.2). */
public enum AddressType {
  PUBLIC,
  RANDOM,
  PUBLIC_IDENTITY,
  RANDOM_IDENTITY,
  UNKNOWN;

  /** Maps the HCI Address_Type code; unknown codes never throw. */
  public static AddressType fromHci(int code) {
    return switch (code) {
      case 0x00 -> PUBLIC;
      case 0x01 -> RANDOM;
      case 0x02 -> PUBLIC_IDENTITY;
      case 0x03 -> RANDOM_IDENTITY;
      default -> UNKNOWN;
    };
  }
}
