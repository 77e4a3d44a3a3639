package org.proximity.gateway.cli;

import java.util.HexFormat;
import org.proximity.gateway.ad.AdFault;
import org.proximity.gateway.ad.AdParseResult;
import org.proximity.gateway.ad.AdStructure;
import org.proximity.gateway.ad.DecodedAdvertisement;

/**
 * The {@code decode} command's line format (a public contract, docs/decode.md). Hand-written: every
 * value is an integer, lowercase hex or a fixed ASCII name, so nothing needs escaping.
 */
final class DecodeJson {

  static final String NOT_HEX = "not_hex";
  static final String NOT_HEX_LINE =
      "{\"ad\":[],\"kind\":null,\"id\":null,\"error\":{\"offset\":0,\"reason\":\"" + NOT_HEX + "\"}}";

  private static final HexFormat HEX = HexFormat.of();

  private DecodeJson() {}

  static String line(AdParseResult parsed, DecodedAdvertisement decoded) {
    StringBuilder sb = new StringBuilder(128).append("{\"ad\":[");
    String sep = "";
    for (AdStructure ad : parsed.structures()) {
      sb.append(sep).append("{\"offset\":").append(ad.offset())
          .append(",\"type\":").append(ad.type())
          .append(",\"data\":\"");
      HEX.formatHex(sb, ad.data());
      sb.append("\"}");
      sep = ",";
    }
    sb.append("],\"kind\":\"").append(decoded.kind().wireName()).append("\",\"id\":");
    byte[] id = decoded.rollingId();
    if (id == null) {
      sb.append("null");
    } else {
      HEX.formatHex(sb.append('"'), id).append('"');
    }
    sb.append(",\"error\":");
    AdFault fault = decoded.fault();
    if (fault == null) {
      sb.append("null");
    } else {
      sb.append("{\"offset\":").append(fault.offset())
          .append(",\"reason\":\"").append(fault.reason().wireName()).append("\"}");
    }
    return sb.append('}').toString();
  }

  /** Removes all whitespace, then one leading {@code 0x} or {@code 0X}. */
  static String stripHex(String line) {
    StringBuilder sb = new StringBuilder(line.length());
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (!Character.isWhitespace(c)) {
        sb.append(c);
      }
    }
    boolean prefixed = sb.length() >= 2 && sb.charAt(0) == '0' && (sb.charAt(1) | 0x20) == 'x';
    return prefixed ? sb.substring(2) : sb.toString();
  }

  /** The bytes of an even-length string of hex digits (either case), or null if it is not one. */
  static byte[] parseHex(String hex) {
    if (hex.length() % 2 != 0) {
      return null;
    }
    for (int i = 0; i < hex.length(); i++) {
      if (!HexFormat.isHexDigit(hex.charAt(i))) {
        return null;
      }
    }
    return HEX.parseHex(hex);
  }
}
