package org.proximity.contract.rollingid;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The JCA primitives the key schedules share; every algorithm used here is in the standard JDK. */
final class Crypto {

  static final String HMAC_SHA256 = "HmacSHA256";

  private Crypto() {}

  /** Checks a key or ID length before any crypto touches it; the message names the parameter. */
  static byte[] requireLength(byte[] value, int length, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    if (value.length != length) {
      throw new IllegalArgumentException(
          name + " must be " + length + " bytes, was " + value.length);
    }
    return value;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static byte[] sha256(byte[]... parts) {
    MessageDigest md = sha256();
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }

  /** A fresh, uninitialised HMAC-SHA256; callers that loop keep one and re-{@link #init} it. */
  static Mac newHmac() {
    try {
      return Mac.getInstance(HMAC_SHA256);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }

  static Mac init(Mac mac, byte[] key) {
    try {
      mac.init(new SecretKeySpec(key, HMAC_SHA256));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 accepts any non-empty key", e);
    }
  }

  static byte[] hmacSha256(byte[] key, byte[]... parts) {
    Mac mac = init(newHmac(), key);
    for (byte[] p : parts) {
      mac.update(p);
    }
    return mac.doFinal();
  }
}
