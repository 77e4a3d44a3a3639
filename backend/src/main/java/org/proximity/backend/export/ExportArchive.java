package org.proximity.backend.export;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.proximity.backend.export.ExportParser.TekSignature;

/**
 * Opens an export zip held in memory: both entries present exactly once, the signature checked
 * before the keys are parsed, so that nothing of an unsigned or altered file is ever matched.
 */
public final class ExportArchive {
  /** Far above any real export (the reference server caps a file at tens of thousands of keys). */
  public static final int MAX_ENTRY_BYTES = 64 << 20;
  static final String EXPORT_BIN = "export.bin";
  static final String EXPORT_SIG = "export.sig";
  private static final long EOCD_SIGNATURE = 0x06054b50L;
  private static final int EOCD_LENGTH = 22;

  private ExportArchive() {}

  /** Reads, verifies and parses; every way the archive can be wrong is an {@link ExportException}. */
  public static ExportFile read(byte[] zip, PublicKey publicKey) throws ExportException {
    Map<String, byte[]> entries = entries(zip);
    byte[] bin = entries.get(EXPORT_BIN);
    byte[] sig = entries.get(EXPORT_SIG);
    if (bin == null || sig == null) {
      throw new ExportException("the zip must hold export.bin and export.sig, but "
          + (bin == null ? EXPORT_BIN : EXPORT_SIG) + " is missing");
    }
    verify(bin, ExportParser.parseSignatures(sig), publicKey);
    return ExportParser.parseExport(bin);
  }

  /**
   * Passes when one signature of the list, with algorithm ECDSA-SHA256 (or none named), verifies
   * over the whole of export.bin with the given P-256 key.
   */
  static void verify(byte[] exportBin, List<TekSignature> signatures, PublicKey publicKey) throws ExportException {
    if (signatures.isEmpty()) {
      throw new ExportException("export.sig holds no signature");
    }
    for (TekSignature s : signatures) {
      String alg = s.info().signatureAlgorithm();
      if (!alg.isEmpty() && !alg.equals(SignatureInfo.ECDSA_SHA256_OID)) {
        continue;
      }
      try {
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(publicKey);
        v.update(exportBin);
        if (v.verify(s.signature())) {
          return;
        }
      } catch (SignatureException e) {
        // not DER, or a bad encoding: this signature does not verify; try the next one
      } catch (GeneralSecurityException e) {
        throw new ExportException("the public key cannot verify ECDSA signatures: " + e.getMessage());
      }
    }
    throw new ExportException("no signature in export.sig verifies export.bin with the given public key"
        + " (ECDSA P-256, SHA-256, algorithm " + SignatureInfo.ECDSA_SHA256_OID + ")");
  }

  private static Map<String, byte[]> entries(byte[] zip) throws ExportException {
    requireEndOfCentralDirectory(zip);
    Map<String, byte[]> out = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        String name = e.getName();
        if (!name.equals(EXPORT_BIN) && !name.equals(EXPORT_SIG)) {
          continue;
        }
        if (out.containsKey(name)) {
          throw new ExportException("the zip holds " + name + " twice");
        }
        out.put(name, readCapped(in, name));
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new ExportException("not a readable zip archive (truncated or corrupt): " + e.getMessage());
    }
    if (out.isEmpty()) {
      throw new ExportException("not a zip archive holding export.bin and export.sig");
    }
    return out;
  }

  /**
   * A streaming zip reader never looks at the central directory, so a file cut inside it would still
   * read. A complete zip ends with the end-of-central-directory record (APPNOTE.TXT 4.3.16): 22 bytes
   * plus its comment, exactly at the end, right after the central directory it describes.
   */
  static void requireEndOfCentralDirectory(byte[] zip) throws ExportException {
    for (int at = zip.length - EOCD_LENGTH; at >= 0 && at >= zip.length - EOCD_LENGTH - 0xFFFF; at--) {
      if (le32(zip, at) != EOCD_SIGNATURE) {
        continue;
      }
      long cdSize = le32(zip, at + 12);
      long cdOffset = le32(zip, at + 16);
      int comment = le16(zip, at + 20);
      if (at + EOCD_LENGTH + comment == zip.length && cdOffset + cdSize == at) {
        return;
      }
    }
    throw new ExportException("not a zip archive, or a truncated one: no end-of-central-directory record at its end");
  }

  private static long le32(byte[] b, int at) {
    return (le16(b, at) | ((long) le16(b, at + 2) << 16)) & 0xFFFF_FFFFL;
  }

  private static int le16(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  private static byte[] readCapped(InputStream in, String name) throws IOException, ExportException {
    byte[] b = in.readNBytes(MAX_ENTRY_BYTES + 1);
    if (b.length > MAX_ENTRY_BYTES) {
      throw new ExportException(name + " is larger than " + MAX_ENTRY_BYTES + " bytes");
    }
    return b;
  }
}
