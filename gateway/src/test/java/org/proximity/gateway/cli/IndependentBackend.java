package org.proximity.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a health backend would run, written from docs/privacy.md, docs/gaen.md and docs/bluezone.md with
 * the JDK only: no class of the gateway is used, so a shared mistake cannot hide. From the
 * simulator's ground truth it derives every raw ID each phone put on air and when; from the site
 * root key, the day keys and record ids.
 */
final class IndependentBackend {
  private static final HexFormat HEX = HexFormat.of();

  /** One raw ID of one phone, on air during {@code [from, to)}: its slot cut to the phone's presence. */
  record OnAir(int phone, String kind, byte[] raw, Instant from, Instant to) {
    boolean overlaps(Instant start, Instant end) {
      return from.isBefore(end) && to.isAfter(start);
    }
  }

  /** A phone of the truth file. */
  record Phone(int number, String protocol, Instant from, Instant to, List<OnAir> onAir, List<byte[]> keys) {
    boolean presentThroughout(Instant start, Instant end) {
      return !from.isAfter(start) && !to.isBefore(end);
    }
  }

  private IndependentBackend() {}

  static List<Phone> phones(JsonNode truth) throws Exception {
    List<Phone> out = new ArrayList<>();
    for (JsonNode p : truth.get("phones")) {
      int n = p.get("number").asInt();
      String protocol = p.get("protocol").asText();
      JsonNode present = p.get("present").get(0);
      Instant from = Instant.parse(present.get("from").asText());
      Instant to = Instant.parse(present.get("to").asText());
      List<OnAir> onAir = new ArrayList<>();
      List<byte[]> keys = new ArrayList<>();
      for (JsonNode k : p.path("keys")) {
        if (protocol.equals("gaen")) {
          byte[] tek = HEX.parseHex(k.get("tek").asText());
          keys.add(tek);
          byte[] rpik = hkdf16(tek, "EN-RPIK");
          int rsin = k.get("rolling_start_interval_number").asInt();
          for (int j = rsin; j < rsin + 144; j++) {
            add(onAir, n, "gaen", rpi(rpik, j), Instant.ofEpochSecond(600L * j), 600, from, to);
          }
        } else {
          byte[] daily = HEX.parseHex(k.get("daily_key").asText());
          keys.add(daily);
          Instant midnight = LocalDate.parse(k.get("day").asText()).atStartOfDay(ZoneOffset.UTC).toInstant();
          byte[] s = sha256(daily, "bluzonesubkey".getBytes(StandardCharsets.US_ASCII));
          for (int i = 0; i < 96; i++) {
            add(onAir, n, "bluezone", select(s), midnight.plusSeconds(900L * i), 900, from, to);
            s = sha256(s);
          }
        }
      }
      out.add(new Phone(n, protocol, from, to, onAir, keys));
    }
    return out;
  }

  private static void add(List<OnAir> out, int phone, String kind, byte[] raw, Instant slot, long seconds,
      Instant from, Instant to) {
    Instant a = slot.isAfter(from) ? slot : from;
    Instant b = slot.plusSeconds(seconds).isBefore(to) ? slot.plusSeconds(seconds) : to;
    if (a.isBefore(b)) {
      out.add(new OnAir(phone, kind, raw, a, b));
    }
  }

  /** Every raw ID the truth's keys can derive, on air or not (for the privacy search). */
  static List<byte[]> allDerivableIds(JsonNode truth) throws Exception {
    List<byte[]> ids = new ArrayList<>();
    for (JsonNode p : truth.get("phones")) {
      for (JsonNode k : p.path("keys")) {
        if (k.has("tek")) {
          byte[] rpik = hkdf16(HEX.parseHex(k.get("tek").asText()), "EN-RPIK");
          int rsin = k.get("rolling_start_interval_number").asInt();
          for (int j = rsin; j < rsin + 144; j++) {
            ids.add(rpi(rpik, j));
          }
        } else {
          byte[] s = sha256(HEX.parseHex(k.get("daily_key").asText()), "bluzonesubkey".getBytes(StandardCharsets.US_ASCII));
          for (int i = 0; i < 96; i++) {
            ids.add(select(s));
            s = sha256(s);
          }
        }
      }
    }
    return ids;
  }

  // pgw1 (docs/privacy.md)

  static byte[] dayKey(byte[] root, long epochDay) throws Exception {
    byte[] k = hmac(root, "pgw1-day-0".getBytes(StandardCharsets.US_ASCII));
    for (long d = 0; d < epochDay; d++) {
      k = hmac(k, "pgw1-ratchet".getBytes(StandardCharsets.US_ASCII));
    }
    return k;
  }

  static String keyId(byte[] dayKey) throws Exception {
    return HEX.formatHex(Arrays.copyOf(sha256("pgw1-key-id".getBytes(StandardCharsets.US_ASCII), dayKey), 4));
  }

  static String recordId(byte[] dayKey, String kind, byte[] raw) throws Exception {
    byte[] k = kind.getBytes(StandardCharsets.US_ASCII);
    byte[] data = new byte[k.length + 1 + raw.length];
    System.arraycopy(k, 0, data, 0, k.length);
    System.arraycopy(raw, 0, data, k.length + 1, raw.length);
    return HEX.formatHex(Arrays.copyOf(hmac(dayKey, data), 16));
  }

  // GAEN (docs/gaen.md#key-schedule)

  static byte[] hkdf16(byte[] ikm, String info) throws Exception {
    byte[] prk = hmac(new byte[32], ikm);
    byte[] i = info.getBytes(StandardCharsets.US_ASCII);
    return Arrays.copyOf(hmac(prk, Arrays.copyOf(i, i.length + 1), 0x01), 16);
  }

  private static byte[] hmac(byte[] key, byte[] data, int lastByte) throws Exception {
    data[data.length - 1] = (byte) lastByte;
    return hmac(key, data);
  }

  static byte[] rpi(byte[] rpik, int enin) throws Exception {
    byte[] padded = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
        .put("EN-RPI".getBytes(StandardCharsets.US_ASCII)).put(new byte[6]).putInt(enin).array();
    Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
    aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(rpik, "AES"));
    return aes.doFinal(padded);
  }

  /** AES-CTR(AEMK, IV = RPI) on 4 bytes is a XOR with the first 4 bytes of AES-ECB(AEMK, RPI). */
  static byte[] aemKeystream(byte[] aemk, byte[] rpi) throws Exception {
    Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
    aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aemk, "AES"));
    return Arrays.copyOf(aes.doFinal(rpi), 4);
  }

  /** The published (sealed) AEM's mask: HMAC-SHA256(K(d), "gaen-aem" ‖ 0x00 ‖ RPI)[:4] (docs/privacy.md). */
  static byte[] aemSealMask(byte[] dayKey, byte[] rpi) throws Exception {
    byte[] tag = "gaen-aem".getBytes(StandardCharsets.US_ASCII);
    byte[] data = new byte[tag.length + 1 + rpi.length];
    System.arraycopy(tag, 0, data, 0, tag.length);
    System.arraycopy(rpi, 0, data, tag.length + 1, rpi.length);
    return Arrays.copyOf(hmac(dayKey, data), 4);
  }

  static byte[] xor(byte[] a, byte[] b) {
    byte[] out = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (byte) (a[i] ^ b[i]);
    }
    return out;
  }

  // Bluezone (docs/bluezone.md#key-schedule)

  private static byte[] select(byte[] s) {
    int[] at = {0, 4, 8, 12, 16, 18, 20, 22, 24, 26, 28, 30};
    byte[] id = new byte[12];
    for (int i = 0; i < 12; i++) {
      id[i] = s[at[i]];
    }
    return id;
  }

  static byte[] hmac(byte[] key, byte[] data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data);
  }

  static byte[] sha256(byte[]... parts) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }
}
