package org.proximity.gateway.ad;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * The classification rules of docs/decode.md, fed one AD structure at a time as offsets into a
 * byte array: no allocation. Both {@link AdvertisementDecoder} (over parsed structures) and {@link
 * AdvertisementScanner} (over raw bytes) use it, so the rules live in one place. One thread.
 *
 * <p>Precedence when several rules match: GAEN, BLUEZONE, BLUEZONE_IOS, BLUETRACE, APPLE, OTHER.
 */
final class Classifier implements AdParser.Visitor {
  /** GAEN service UUID (docs/gaen.md#advertisement-layout). */
  static final int GAEN_UUID16 = 0xFD6F;
  /** Bluezone Android service UUID, "VN" (docs/bluezone.md#constants). */
  static final int BLUEZONE_UUID16 = 0x4E56;
  /** Bluezone Android company ID, hard-coded by the app (docs/bluezone.md#constants). */
  static final int BLUEZONE_COMPANY = 0x22B5;
  /** Apple's company ID; its overflow area hides iOS service UUIDs (docs/bluezone.md#iphones). */
  static final int APPLE_COMPANY = 0x004C;
  /** First byte of Apple manufacturer data that starts the overflow area (docs/bluezone.md#iphones). */
  static final int APPLE_OVERFLOW_AREA = 0x01;
  /** The bit Bluezone's iOS service UUID hashes to in the first bitmask byte (docs/bluezone.md#iphones). */
  static final int BLUEZONE_OVERFLOW_BIT = 0x08;
  /** Company ID in OpenTrace Android adverts (docs/other-apps.md#bluetrace-and-opentrace). */
  static final int BLUETRACE_COMPANY = 0x03FF;

  static final byte[] BLUEZONE_IOS_UUID128 = onAir(UUID.fromString("00004E56-73F5-4BC4-A12F-17D1AD07A667"));
  static final byte[] BLUETRACE_UUID128 = onAir(UUID.fromString("B82AB3FC-1595-4F6A-80F0-FE094CC218F9"));
  static final byte[] BLUEZONE_IOS_NAME = "Bluezone".getBytes(StandardCharsets.US_ASCII);

  static final int UUID16_LENGTH = 2;
  static final int UUID128_LENGTH = 16;
  static final int COMPANY_LENGTH = 2;
  static final int RPI_LENGTH = 16;
  static final int AEM_LENGTH = 4;
  static final int BLUEZONE_ID_LENGTH = 12;

  private byte[] gaenBuf;
  private int gaenOff;
  private byte[] bluezoneBuf;
  private int bluezoneOff;
  private boolean gaenBadLength;
  private boolean bluezoneBadLength;
  private boolean bluezoneUuid;
  private boolean bluezoneIos;
  private boolean bluetrace;
  private boolean apple;

  void reset() {
    gaenBuf = null;
    bluezoneBuf = null;
    gaenBadLength = false;
    bluezoneBadLength = false;
    bluezoneUuid = false;
    bluezoneIos = false;
    bluetrace = false;
    apple = false;
  }

  @Override
  public void structure(int offset, int type, byte[] b, int p, int n) {
    switch (type) {
      case AdType.SERVICE_DATA16 -> {
        // docs/gaen.md#advertisement-layout: UUID 0xFD6F then exactly RPI (16) + AEM (4)
        if (n >= UUID16_LENGTH && u16le(b, p) == GAEN_UUID16) {
          if (n == UUID16_LENGTH + RPI_LENGTH + AEM_LENGTH) {
            if (gaenBuf == null) {
              gaenBuf = b;
              gaenOff = p + UUID16_LENGTH;
            }
          } else {
            gaenBadLength = true;
          }
        }
      }
      case AdType.UUID16_SOME, AdType.UUID16_ALL -> bluezoneUuid |= containsUuid16(b, p, n, BLUEZONE_UUID16);
      case AdType.UUID128_SOME, AdType.UUID128_ALL -> {
        bluezoneIos |= containsUuid128(b, p, n, BLUEZONE_IOS_UUID128);
        bluetrace |= containsUuid128(b, p, n, BLUETRACE_UUID128);
      }
      case AdType.NAME_SHORT, AdType.NAME_COMPLETE -> bluezoneIos |= n == BLUEZONE_IOS_NAME.length
          && Arrays.equals(b, p, p + n, BLUEZONE_IOS_NAME, 0, n);
      case AdType.MANUFACTURER_DATA -> manufacturer(b, p, n);
      default -> { }
    }
  }

  private void manufacturer(byte[] b, int p, int n) {
    if (n < COMPANY_LENGTH) {
      return;
    }
    switch (u16le(b, p)) {
      case BLUEZONE_COMPANY -> {
        // docs/bluezone.md#android-advertisement: exactly the 12-byte BluezoneId after the company ID
        if (n == COMPANY_LENGTH + BLUEZONE_ID_LENGTH) {
          if (bluezoneBuf == null) {
            bluezoneBuf = b;
            bluezoneOff = p + COMPANY_LENGTH;
          }
        } else {
          bluezoneBadLength = true;
        }
      }
      case APPLE_COMPANY -> {
        apple = true;
        bluezoneIos |= n > COMPANY_LENGTH + 1
            && Byte.toUnsignedInt(b[p + COMPANY_LENGTH]) == APPLE_OVERFLOW_AREA
            && (b[p + COMPANY_LENGTH + 1] & BLUEZONE_OVERFLOW_BIT) != 0;
      }
      case BLUETRACE_COMPANY -> bluetrace = true;
      default -> { }
    }
  }

  /** Writes the verdict into {@code out} (fault fields untouched). */
  void finish(ScanResult out) {
    out.reject = null;
    if (gaenBuf != null) {
      out.setId(DeviceKind.GAEN, gaenBuf, gaenOff, RPI_LENGTH, gaenOff + RPI_LENGTH);
      return;
    }
    if (bluezoneUuid && bluezoneBuf != null) {
      out.setId(DeviceKind.BLUEZONE, bluezoneBuf, bluezoneOff, BLUEZONE_ID_LENGTH, -1);
      return;
    }
    out.reject = gaenBadLength ? RejectReason.GAEN_LENGTH
        : bluezoneUuid && bluezoneBadLength ? RejectReason.BLUEZONE_LENGTH : null;
    out.setId(bluezoneIos ? DeviceKind.BLUEZONE_IOS
        : bluetrace ? DeviceKind.BLUETRACE
        : apple ? DeviceKind.APPLE : DeviceKind.OTHER, null, -1, 0, -1);
  }

  private static int u16le(byte[] b, int i) {
    return Byte.toUnsignedInt(b[i]) | Byte.toUnsignedInt(b[i + 1]) << 8;
  }

  private static boolean containsUuid16(byte[] b, int p, int n, int uuid) {
    // a trailing odd byte is not a UUID and is ignored
    for (int i = 0; i + UUID16_LENGTH <= n; i += UUID16_LENGTH) {
      if (u16le(b, p + i) == uuid) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsUuid128(byte[] b, int p, int n, byte[] uuidOnAir) {
    for (int i = 0; i + UUID128_LENGTH <= n; i += UUID128_LENGTH) {
      if (Arrays.equals(b, p + i, p + i + UUID128_LENGTH, uuidOnAir, 0, UUID128_LENGTH)) {
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
