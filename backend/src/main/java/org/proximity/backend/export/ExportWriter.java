package org.proximity.backend.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds and signs an export zip as a health authority's server would (docs/gaen-export.md): for
 * tests, the demo (signed with a throwaway key) and anyone who needs a file to match.
 */
public final class ExportWriter {
  private ExportWriter() {}

  /** A fresh P-256 key pair: a throwaway signing key for a demo or a test, never a real authority's. */
  public static KeyPair newSigningKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has P-256", e);
    }
  }

  /** The zip's bytes: export.bin, and export.sig with one ECDSA P-256 / SHA-256 signature by {@code signingKey}. */
  public static byte[] write(ExportFile export, PrivateKey signingKey) {
    byte[] bin = exportBin(export);
    SignatureInfo info = export.signatureInfos().isEmpty()
        ? new SignatureInfo("v1", "test", SignatureInfo.ECDSA_SHA256_OID)
        : export.signatureInfos().get(0);
    return zip(bin, signatureList(info, export, sign(bin, signingKey)));
  }

  /** The 16-byte header and the {@code TemporaryExposureKeyExport}. */
  public static byte[] exportBin(ExportFile e) {
    ProtoWriter w = new ProtoWriter()
        .fixed64(1, e.startTimestamp())
        .fixed64(2, e.endTimestamp())
        .string(3, e.region())
        .int32(4, e.batchNum())
        .int32(5, e.batchSize());
    for (SignatureInfo i : e.signatureInfos()) {
      w.message(6, signatureInfo(i));
    }
    for (DiagnosisKey k : e.keys()) {
      w.message(7, key(k));
    }
    for (DiagnosisKey k : e.revisedKeys()) {
      w.message(8, key(k));
    }
    byte[] body = w.toByteArray();
    byte[] out = new byte[ExportParser.HEADER.length + body.length];
    System.arraycopy(ExportParser.HEADER, 0, out, 0, ExportParser.HEADER.length);
    System.arraycopy(body, 0, out, ExportParser.HEADER.length, body.length);
    return out;
  }

  /** A {@code TEKSignatureList} with one signature. */
  public static byte[] signatureList(SignatureInfo info, ExportFile e, byte[] derSignature) {
    ProtoWriter sig = new ProtoWriter()
        .message(1, signatureInfo(info))
        .int32(2, e.batchNum())
        .int32(3, e.batchSize())
        .bytes(4, derSignature);
    return new ProtoWriter().message(1, sig).toByteArray();
  }

  /** DER-encoded ECDSA-SHA256 over the whole of export.bin. */
  public static byte[] sign(byte[] exportBin, PrivateKey signingKey) {
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(signingKey);
      s.update(exportBin);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with this key (need an EC P-256 private key): " + e.getMessage(), e);
    }
  }

  /** A zip of the two entries, in the order the reference server writes them. */
  public static byte[] zip(byte[] exportBin, byte[] exportSig) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(exportBin.length + exportSig.length + 512);
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry(ExportArchive.EXPORT_BIN));
      z.write(exportBin);
      z.closeEntry();
      z.putNextEntry(new ZipEntry(ExportArchive.EXPORT_SIG));
      z.write(exportSig);
      z.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException("writing a zip to memory failed", e);
    }
    return out.toByteArray();
  }

  private static ProtoWriter signatureInfo(SignatureInfo i) {
    return new ProtoWriter()
        .string(3, i.verificationKeyVersion())
        .string(4, i.verificationKeyId())
        .string(5, i.signatureAlgorithm());
  }

  // rolling_period left out when it is 144, as the reference server does
  private static ProtoWriter key(DiagnosisKey k) {
    ProtoWriter w = new ProtoWriter()
        .bytes(1, k.keyData())
        .int32(3, k.rollingStartIntervalNumber());
    if (k.rollingPeriod() != 144) {
      w.int32(4, k.rollingPeriod());
    }
    if (k.reportType() != ReportType.UNKNOWN) {
      w.int32(5, k.reportType().wire());
    }
    return w;
  }
}
