package org.proximity.common.tls;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM blocks ({@code -----BEGIN TYPE----- base64 -----END TYPE-----}); text around them is ignored. */
final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

  /** One block: its type (e.g. {@code CERTIFICATE}) and its decoded bytes (null if headers make it undecodable). */
  record Block(String type, byte[] der) {}

  private Pem() {}

  static List<Block> parse(String text) {
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String body = m.group(2);
      byte[] der;
      try {
        // PKCS#1 encrypted keys carry "Proc-Type:" headers: those are rejected by type anyway
        der = body.contains(":") ? null : Base64.getMimeDecoder().decode(body);
      } catch (IllegalArgumentException e) {
        der = null;
      }
      blocks.add(new Block(m.group(1), der));
    }
    return blocks;
  }
}
