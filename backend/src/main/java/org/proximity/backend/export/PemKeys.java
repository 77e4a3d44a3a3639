package org.proximity.backend.export;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The PEM public key a health authority gives out to verify its exports: a SubjectPublicKeyInfo
 * (RFC 7468 "PUBLIC KEY") of an EC key on P-256.
 */
public final class PemKeys {
  private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String END = "-----END PUBLIC KEY-----";

  private PemKeys() {}

  public static ECPublicKey parsePublicKey(String pem) throws ExportException {
    int b = pem.indexOf(BEGIN);
    int e = pem.indexOf(END);
    if (b < 0 || e < b) {
      throw new ExportException("the public key file must hold a PEM block \"" + BEGIN + "\" … \"" + END + "\"");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.substring(b + BEGIN.length(), e));
    } catch (IllegalArgumentException x) {
      throw new ExportException("the PEM public key is not valid base64");
    }
    PublicKey key;
    try {
      key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | ClassCastException x) {
      throw new ExportException("the PEM public key is not an EC SubjectPublicKeyInfo");
    }
    ECPublicKey ec = (ECPublicKey) key;
    if (!isP256(ec.getParams())) {
      throw new ExportException("the PEM public key must be on curve P-256 (secp256r1), but is not");
    }
    return ec;
  }

  /** PEM text of a public key, 64 base64 characters a line. */
  public static String toPem(PublicKey key) {
    String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
    return BEGIN + "\n" + b64 + "\n" + END + "\n";
  }

  static boolean isP256(ECParameterSpec p) {
    try {
      AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
      ap.init(new ECGenParameterSpec("secp256r1"));
      ECParameterSpec std = ap.getParameterSpec(ECParameterSpec.class);
      return std.getCurve().equals(p.getCurve()) && std.getGenerator().equals(p.getGenerator())
          && std.getOrder().equals(p.getOrder());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has secp256r1", e);
    }
  }
}
