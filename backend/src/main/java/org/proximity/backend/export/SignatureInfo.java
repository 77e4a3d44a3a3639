package org.proximity.backend.export;

import java.util.Objects;

/** {@code SignatureInfo} of export.proto; absent strings are empty. */
public record SignatureInfo(String verificationKeyVersion, String verificationKeyId, String signatureAlgorithm) {
  /** ECDSA with SHA-256 (RFC 5758, X9.62): the algorithm GAEN exports are signed with. */
  public static final String ECDSA_SHA256_OID = "1.2.840.10045.4.3.2";

  public SignatureInfo {
    Objects.requireNonNull(verificationKeyVersion, "verificationKeyVersion");
    Objects.requireNonNull(verificationKeyId, "verificationKeyId");
    Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
  }
}
