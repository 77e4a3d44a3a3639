package org.proximity.backend.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;

/** Signing keys and exports made by the tests, and the real sample in src/test/resources/export. */
public final class TestExports {
  private TestExports() {}

  /** A fresh P-256 key pair, as a health authority's signing key. */
  public static KeyPair signingKey() {
    return ExportWriter.newSigningKey();
  }

  public static ExportFile export(List<DiagnosisKey> keys, List<DiagnosisKey> revised) {
    return new ExportFile(1_700_000_000L, 1_700_003_600L, "VN", 1, 1,
        List.of(new SignatureInfo("v1", "452", SignatureInfo.ECDSA_SHA256_OID)), keys, revised);
  }

  public static byte[] resource(String name) {
    try (InputStream in = TestExports.class.getResourceAsStream("/export/" + name)) {
      if (in == null) {
        throw new IllegalStateException("/export/" + name + " missing from the test class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String resourceText(String name) {
    return new String(resource(name), StandardCharsets.US_ASCII);
  }
}
