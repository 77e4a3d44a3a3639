package org.proximity.gateway.cli;

import java.util.HexFormat;
import org.proximity.gateway.ad.AdFault;
import org.proximity.gateway.ad.AdParseResult;
import org.proximity.gateway.ad.AdStructure;
import org.proximity.gateway.ad.AdType;
import org.proximity.gateway.ad.AdView;
import org.proximity.gateway.ad.DecodedAdvertisement;

/**
 * The {@code decode} command's line format (a public contract, docs/decode.md). Hand-written: every
 * value is an integer, lowercase hex or a fixed ASCII name, so nothing needs escaping.
 */
final class DecodeJson {

  static final String NOT_HEX = "not_hex";
  static final String NOT_HEX_LINE =
      "{\"ad\":[],\"kind\":null,\"id\":null,\"error\":{\"offset\":0,\"reason\":\"" + NOT_HEX + "\"}}";
  static final String NOT_HEX_LINE_WITH_FIELDS =
      "{\"ad\":[],\"kind\":null,\"id\":null,\"error\":{\"offset\":0,\"reason\":\"" + NOT_HEX + "\"},\"fields\":null}";

  private static final HexFormat HEX = HexFormat.of();

  private DecodeJson() {}

  /** One line; {@code view} null leaves out the optional {@code fields} object ({@code --fields}). */
  static String line(AdParseResult parsed, DecodedAdvertisement decoded, AdView view) {
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
    if (view != null) {
      fields(sb.append(",\"fields\":"), view);
    }
    return sb.append('}').toString();
  }

  /** The typed view (docs/decode.md, "fields"): an addition after every older key. */
  static void fields(StringBuilder sb, AdView v) {
    byte[] b = v.buffer();
    int flags = v.flags();
    sb.append("{\"flags\":").append(flags == AdView.ABSENT ? "null" : Integer.toString(flags));
    int tx = v.txPower();
    sb.append(",\"tx_power\":").append(tx == AdView.ABSENT ? "null" : Integer.toString(tx));
    int n = v.name();
    sb.append(",\"name\":");
    if (n < 0) {
      sb.append("null");
    } else {
      jsonString(sb.append("{\"value\":"), v.nameString(n))
          .append(",\"complete\":").append(v.type(n) == AdType.NAME_COMPLETE).append('}');
    }
    sb.append(",\"uuids\":[");
    String sep = "";
    for (int s = 0; s < v.count(); s++) {
      for (int i = 0; i < v.uuidCount(s); i++) {
        sb.append(sep).append("{\"bits\":").append(v.uuidWidth(s) * 8)
            .append(",\"complete\":").append(v.isCompleteList(s))
            .append(",\"uuid\":\"").append(v.uuid(s, i)).append("\"}");
        sep = ",";
      }
    }
    sb.append("],\"service_data\":[");
    sep = "";
    for (int s = 0; s < v.count(); s++) {
      if (v.isServiceData(s) && v.serviceDataLength(s) >= 0) {
        sb.append(sep).append("{\"bits\":").append(v.uuidWidth(s) * 8)
            .append(",\"uuid\":\"").append(v.uuid(s, 0)).append("\",\"data\":\"");
        HEX.formatHex(sb, b, v.serviceDataOffset(s), v.serviceDataOffset(s) + v.serviceDataLength(s)).append("\"}");
        sep = ",";
      }
    }
    sb.append("],\"manufacturer_data\":[");
    sep = "";
    for (int s = 0; s < v.count(); s++) {
      int company = v.companyId(s);
      if (company != AdView.ABSENT) {
        sb.append(sep).append("{\"company\":").append(company).append(",\"data\":\"");
        HEX.formatHex(sb, b, v.dataOffset(s) + 2, v.dataOffset(s) + v.dataLength(s)).append("\"}");
        sep = ",";
      }
    }
    int overflow = v.appleOverflow();
    sb.append("],\"apple_overflow\":");
    if (overflow < 0) {
      sb.append("null");
    } else {
      HEX.formatHex(sb.append('"'), b, v.dataOffset(overflow) + 3, v.dataOffset(overflow) + v.dataLength(overflow))
          .append('"');
    }
    sb.append(",\"errors\":[");
    sep = "";
    for (int s = 0; s < v.count(); s++) {
      AdView.FieldFault f = v.fieldFault(s);
      if (f != null) {
        sb.append(sep).append("{\"offset\":").append(v.fieldFaultOffset(s))
            .append(",\"type\":").append(v.type(s))
            .append(",\"reason\":\"").append(f.wireName()).append("\"}");
        sep = ",";
      }
    }
    sb.append("]}");
  }

  /** A JSON string with everything outside printable ASCII escaped, so the line stays ASCII. */
  static StringBuilder jsonString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7E) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"');
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
