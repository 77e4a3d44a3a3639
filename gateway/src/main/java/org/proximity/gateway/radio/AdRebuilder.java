package org.proximity.gateway.radio;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.proximity.gateway.ad.AdParser;
import org.proximity.gateway.ad.AdType;

/**
 * Rebuilds advertising data (AD structures, Core Spec Vol 3, Part C, 11) from the parsed maps that
 * BlueZ publishes on {@code org.bluez.Device1}, so that the decoders that read raw AD bytes serve
 * the D-Bus sources too.
 *
 * <p>BlueZ merges everything it heard from a device (advertisement and scan response, and several
 * advertisements over time) into one set of properties, so the rebuilt bytes can be longer than
 * one legacy advertisement. The pipeline decodes with the legacy 31-byte limit today ({@link
 * AdParser#parse}), and a longer array would be flagged {@code too_long} merely because of that
 * merge. The rebuilder therefore adds structures in the order the decoders need them and leaves
 * out any structure that would cross {@code maxLength}; only a first structure that alone exceeds
 * it is kept (it cannot have come from a legacy advertisement, so {@code too_long} is then true).
 * Pass {@link AdParser#EXTENDED_MAX_LENGTH} once the pipeline decodes extended data.
 *
 * <p>Order: 16-bit service data ({@code 0x16}), manufacturer data ({@code 0xFF}), 16-bit UUIDs
 * ({@code 0x03}), 128-bit UUIDs ({@code 0x07}), complete name ({@code 0x09}), 128-bit service data
 * ({@code 0x21}). Multi-byte fields are little-endian, as on air.
 */
public final class AdRebuilder {

  /** The Bluetooth Base UUID, {@code 0000xxxx-0000-1000-8000-00805f9b34fb} (Core Spec Vol 3, Part B, 2.5.1). */
  private static final long BASE_UUID_LSB = 0x8000_0080_5F9B_34FBL;
  private static final long BASE_UUID_MSB_LOW = 0x0000_1000L;
  private static final int MAX_AD_DATA = 254; // the length octet also counts the type octet

  private AdRebuilder() {}

  /** What {@link #rebuild} produced: the bytes and how many structures did not fit. */
  public record Result(byte[] data, int omitted) {}

  /**
   * @param manufacturerData company ID → data (ManufacturerData, a{qv})
   * @param serviceData UUID text → data (ServiceData, a{sv})
   * @param uuids service UUIDs as text (UUIDs, as)
   * @param name the device name, or null
   */
  public static Result rebuild(Map<Integer, byte[]> manufacturerData, Map<String, byte[]> serviceData,
      List<String> uuids, String name, int maxLength) {
    Builder b = new Builder(maxLength);
    for (Map.Entry<String, byte[]> e : serviceData.entrySet()) {
      int u16 = uuid16(e.getKey());
      if (u16 >= 0) {
        b.add(AdType.SERVICE_DATA16, le16(u16), e.getValue());
      }
    }
    for (Map.Entry<Integer, byte[]> e : manufacturerData.entrySet()) {
      b.add(AdType.MANUFACTURER_DATA, le16(e.getKey()), e.getValue());
    }
    ByteArrayOutputStream list16 = new ByteArrayOutputStream();
    ByteArrayOutputStream list128 = new ByteArrayOutputStream();
    for (String u : uuids) {
      int u16 = uuid16(u);
      if (u16 >= 0) {
        list16.writeBytes(le16(u16));
      } else {
        byte[] onAir = uuid128(u);
        if (onAir != null) {
          list128.writeBytes(onAir);
        }
      }
    }
    if (list16.size() > 0) {
      b.add(AdType.UUID16_ALL, new byte[0], list16.toByteArray());
    }
    if (list128.size() > 0) {
      b.add(AdType.UUID128_ALL, new byte[0], list128.toByteArray());
    }
    if (name != null && !name.isEmpty()) {
      b.add(AdType.NAME_COMPLETE, new byte[0], name.getBytes(StandardCharsets.UTF_8));
    }
    for (Map.Entry<String, byte[]> e : serviceData.entrySet()) {
      if (uuid16(e.getKey()) < 0) {
        byte[] onAir = uuid128(e.getKey());
        if (onAir != null) {
          b.add(AdType.SERVICE_DATA128, onAir, e.getValue());
        }
      }
    }
    return new Result(b.out.toByteArray(), b.omitted);
  }

  /** The 16-bit alias of a UUID built on the Base UUID, or -1. */
  static int uuid16(String text) {
    UUID u = parse(text);
    if (u == null || u.getLeastSignificantBits() != BASE_UUID_LSB
        || (u.getMostSignificantBits() & 0xFFFF_FFFFL) != BASE_UUID_MSB_LOW
        || (u.getMostSignificantBits() >>> 48) != 0) {
      return -1;
    }
    return (int) ((u.getMostSignificantBits() >>> 32) & 0xFFFF);
  }

  /** A 128-bit UUID in on-air (little-endian) order, or null when the text is not a UUID. */
  static byte[] uuid128(String text) {
    UUID u = parse(text);
    if (u == null) {
      return null;
    }
    byte[] out = new byte[16];
    for (int i = 0; i < 8; i++) {
      out[i] = (byte) (u.getLeastSignificantBits() >>> (8 * i));
      out[i + 8] = (byte) (u.getMostSignificantBits() >>> (8 * i));
    }
    return out;
  }

  private static UUID parse(String text) {
    try {
      return text.length() == 36 ? UUID.fromString(text.toLowerCase(Locale.ROOT)) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] le16(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8)};
  }

  private static final class Builder {
    final ByteArrayOutputStream out = new ByteArrayOutputStream(31);
    final int maxLength;
    int omitted;

    Builder(int maxLength) {
      this.maxLength = maxLength;
    }

    void add(int type, byte[] head, byte[] body) {
      int dataLength = head.length + body.length;
      int total = 2 + dataLength;
      if (dataLength > MAX_AD_DATA || (out.size() > 0 && out.size() + total > maxLength)) {
        omitted++;
        return;
      }
      out.write(1 + dataLength);
      out.write(type);
      out.writeBytes(head);
      out.writeBytes(body);
    }
  }
}
