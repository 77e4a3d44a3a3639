package org.proximity.gateway.ad;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Classifies advertising data and extracts the rolling ID of GAEN and Bluezone Android adverts.
 * Stateless: one instance may serve any number of threads.
 *
 * <p>Precedence when several rules match: GAEN, BLUEZONE, BLUEZONE_IOS, BLUETRACE, APPLE, OTHER.
 * Rules are applied to the structures parsed before any fault, and by AD type, never by position
 * (protocols.md 1).
 */
public final class AdvertisementDecoder {

  /** GAEN service UUID (protocols.md 2.1). */
  static final int GAEN_UUID16 = 0xFD6F;
  /** Bluezone Android service UUID, "VN" (protocols.md 3.1). */
  static final int BLUEZONE_UUID16 = 0x4E56;
  /** Bluezone Android company ID, hard-coded by the app (protocols.md 3.1). */
  static final int BLUEZONE_COMPANY = 0x22B5;
  /** Apple's company ID; its overflow area hides iOS service UUIDs (protocols.md 3.3). */
  static final int APPLE_COMPANY = 0x004C;
  /** First byte of Apple manufacturer data that starts the overflow area (protocols.md 3.3). */
  static final int APPLE_OVERFLOW_AREA = 0x01;
  /** The bit Bluezone's iOS service UUID hashes to in the first bitmask byte (protocols.md 3.3). */
  static final int BLUEZONE_OVERFLOW_BIT = 0x08;
  /** Company ID in OpenTrace Android adverts (protocols.md 4). */
  static final int BLUETRACE_COMPANY = 0x03FF;

  private static final byte[] BLUEZONE_IOS_UUID128 =
      onAir(UUID.fromString("00004E56-73F5-4BC4-A12F-17D1AD07A667"));
  private static final byte[] BLUETRACE_UUID128 =
      onAir(UUID.fromString("B82AB3FC-1595-4F6A-80F0-FE094CC218F9"));
  private static final byte[] BLUEZONE_IOS_NAME = "Bluezone".getBytes(StandardCharsets.US_ASCII);

  private static final int UUID16_LENGTH = 2;
  private static final int UUID128_LENGTH = 16;
  private static final int COMPANY_LENGTH = 2;

  /** Parses legacy advertising data (at most 31 bytes, see {@link AdParser#parse}) and decodes it. */
  public DecodedAdvertisement decode(byte[] advertisingData) {
    return decode(AdParser.parse(advertisingData));
  }

  /** Decodes structures already parsed, legacy or extended; the fault is carried over. */
  public DecodedAdvertisement decode(AdParseResult parsed) {
    List<AdStructure> structures = parsed.structures();
    AdStructure gaen = null;
    AdStructure bluezone = null;
    boolean gaenBadLength = false;
    boolean bluezoneBadLength = false;
    boolean bluezoneUuid = false;
    boolean bluezoneIos = false;
    boolean bluetrace = false;
    boolean apple = false;
    for (int s = 0; s < structures.size(); s++) {
      AdStructure ad = structures.get(s);
      int n = ad.dataLength();
      switch (ad.type()) {
        case AdType.SERVICE_DATA16 -> {
          // protocols.md 2.1: UUID 0xFD6F then exactly RPI (16) + AEM (4)
          if (n >= UUID16_LENGTH && ad.u16le(0) == GAEN_UUID16) {
            if (n == UUID16_LENGTH + DecodedAdvertisement.RPI_LENGTH
                + DecodedAdvertisement.AEM_LENGTH) {
              gaen = gaen == null ? ad : gaen;
            } else {
              gaenBadLength = true;
            }
          }
        }
        case AdType.UUID16_SOME, AdType.UUID16_ALL ->
            bluezoneUuid |= containsUuid16(ad, BLUEZONE_UUID16);
        case AdType.UUID128_SOME, AdType.UUID128_ALL -> {
          bluezoneIos |= containsUuid128(ad, BLUEZONE_IOS_UUID128);
          bluetrace |= containsUuid128(ad, BLUETRACE_UUID128);
        }
        case AdType.NAME_SHORT, AdType.NAME_COMPLETE ->
            bluezoneIos |= n == BLUEZONE_IOS_NAME.length && ad.regionEquals(0, BLUEZONE_IOS_NAME);
        case AdType.MANUFACTURER_DATA -> {
          if (n < COMPANY_LENGTH) {
            break;
          }
          switch (ad.u16le(0)) {
            case BLUEZONE_COMPANY -> {
              // protocols.md 3.2: exactly the 12-byte BluezoneId after the company ID
              if (n == COMPANY_LENGTH + DecodedAdvertisement.BLUEZONE_ID_LENGTH) {
                bluezone = bluezone == null ? ad : bluezone;
              } else {
                bluezoneBadLength = true;
              }
            }
            case APPLE_COMPANY -> {
              apple = true;
              bluezoneIos |= n > COMPANY_LENGTH + 1
                  && ad.u8(COMPANY_LENGTH) == APPLE_OVERFLOW_AREA
                  && (ad.u8(COMPANY_LENGTH + 1) & BLUEZONE_OVERFLOW_BIT) != 0;
            }
            case BLUETRACE_COMPANY -> bluetrace = true;
            default -> { }
          }
        }
        default -> { }
      }
    }
    AdFault fault = parsed.fault();
    if (gaen != null) {
      int rpiEnd = UUID16_LENGTH + DecodedAdvertisement.RPI_LENGTH;
      return new DecodedAdvertisement(DeviceKind.GAEN, gaen.copyOfRange(UUID16_LENGTH, rpiEnd),
          gaen.copyOfRange(rpiEnd, gaen.dataLength()), fault, null);
    }
    if (bluezoneUuid && bluezone != null) {
      return new DecodedAdvertisement(DeviceKind.BLUEZONE,
          bluezone.copyOfRange(COMPANY_LENGTH, bluezone.dataLength()), null, fault, null);
    }
    RejectReason reject = gaenBadLength ? RejectReason.GAEN_LENGTH
        : bluezoneUuid && bluezoneBadLength ? RejectReason.BLUEZONE_LENGTH : null;
    DeviceKind kind = bluezoneIos ? DeviceKind.BLUEZONE_IOS
        : bluetrace ? DeviceKind.BLUETRACE
        : apple ? DeviceKind.APPLE : DeviceKind.OTHER;
    return new DecodedAdvertisement(kind, null, null, fault, reject);
  }

  private static boolean containsUuid16(AdStructure ad, int uuid) {
    // a trailing odd byte is not a UUID and is ignored
    for (int i = 0; i + UUID16_LENGTH <= ad.dataLength(); i += UUID16_LENGTH) {
      if (ad.u16le(i) == uuid) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsUuid128(AdStructure ad, byte[] uuidOnAir) {
    for (int i = 0; i + UUID128_LENGTH <= ad.dataLength(); i += UUID128_LENGTH) {
      if (ad.regionEquals(i, uuidOnAir)) {
        return true;
      }
    }
    return false;
  }

  /** A 128-bit UUID in on-air order: little-endian, so the bytes of the text form reversed. */
  static byte[] onAir(UUID uuid) {
    byte[] out = new byte[UUID128_LENGTH];
    long lsb = uuid.getLeastSignificantBits();
    long msb = uuid.getMostSignificantBits();
    for (int i = 0; i < 8; i++) {
      out[i] = (byte) (lsb >>> (8 * i));
      out[i + 8] = (byte) (msb >>> (8 * i));
    }
    return out;
  }
}
