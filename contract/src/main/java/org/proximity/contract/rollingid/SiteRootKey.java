package org.proximity.contract.rollingid;

import static org.proximity.contract.rollingid.Crypto.ascii;
import static org.proximity.contract.rollingid.Crypto.hmacSha256;
import static org.proximity.contract.rollingid.Crypto.requireLength;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The site root key R from which every day key is ratcheted (docs/privacy.md). Shared with the
 * health backend; never logged: {@link #toString()} is redacted and no accessor returns the bytes.
 */
public final class SiteRootKey {

  public static final int LENGTH = 32;

  private static final byte[] DAY_ZERO_LABEL = ascii("pgw1-day-0");

  private final byte[] key;

  private SiteRootKey(byte[] key) {
    this.key = key;
  }

  public static SiteRootKey of(byte[] key) {
    return new SiteRootKey(requireLength(key, LENGTH, "siteRootKey").clone());
  }

  /** From 64 hex characters (either case), surrounding whitespace ignored, as kept in a key file. */
  public static SiteRootKey parseHex(String hex) {
    if (hex == null) {
      throw new IllegalArgumentException("siteRootKey must not be null");
    }
    String s = hex.strip();
    // the message never echoes the value: it is a secret
    if (s.length() != 2 * LENGTH || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException(
          "siteRootKey must be 64 hex characters (32 bytes), was " + s.length() + " characters");
    }
    return new SiteRootKey(HexFormat.of().parseHex(s));
  }

  /** K(0) = HMAC-SHA256(R, "pgw1-day-0"). */
  public DayKey dayZero() {
    return new DayKey(0, hmacSha256(key, DAY_ZERO_LABEL));
  }

  /** K(epochDay), ratcheted forward from K(0): one HMAC per day since 1970 (about 20 000 today). */
  public DayKey dayKey(long epochDay) {
    return dayZero().advanceTo(epochDay);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SiteRootKey k && MessageDigest.isEqual(key, k.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "SiteRootKey[redacted]";
  }
}
