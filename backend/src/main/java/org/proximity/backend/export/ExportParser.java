package org.proximity.backend.export;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.proximity.backend.export.ProtoReader.Tag;
import org.proximity.contract.rollingid.EnIntervalNumber;

/**
 * Parses the two files of a GAEN export (docs/gaen-export.md): {@code export.bin}, the 16-byte
 * header then a {@code TemporaryExposureKeyExport}, and {@code export.sig}, a {@code TEKSignatureList}.
 * Unknown fields are skipped; a known field with the wrong wire type, a bad length or a key that
 * breaks the format's rules is refused.
 */
public final class ExportParser {
  /** "EK Export v1" right-padded with spaces to 16 bytes. */
  static final byte[] HEADER = "EK Export v1    ".getBytes(StandardCharsets.US_ASCII);

  /** One entry of {@code export.sig}. */
  public record TekSignature(SignatureInfo info, int batchNum, int batchSize, byte[] signature) {}

  private ExportParser() {}

  public static ExportFile parseExport(byte[] exportBin) throws ExportException {
    if (exportBin.length < HEADER.length
        || !Arrays.equals(exportBin, 0, HEADER.length, HEADER, 0, HEADER.length)) {
      throw new ExportException("export.bin does not start with the header \"EK Export v1\" padded to 16 bytes");
    }
    ProtoReader r = new ProtoReader(exportBin, HEADER.length, exportBin.length, "TemporaryExposureKeyExport");
    long start = 0;
    long end = 0;
    String region = "";
    int batchNum = 1;
    int batchSize = 1;
    List<SignatureInfo> infos = new ArrayList<>();
    List<DiagnosisKey> keys = new ArrayList<>();
    List<DiagnosisKey> revised = new ArrayList<>();
    while (r.hasMore()) {
      Tag t = r.readTag();
      switch (t.field()) {
        case 1 -> {
          r.expect(t, ProtoReader.FIXED64, "start_timestamp");
          start = r.readFixed64();
        }
        case 2 -> {
          r.expect(t, ProtoReader.FIXED64, "end_timestamp");
          end = r.readFixed64();
        }
        case 3 -> {
          r.expect(t, ProtoReader.LENGTH_DELIMITED, "region");
          region = r.readString("region");
        }
        case 4 -> {
          r.expect(t, ProtoReader.VARINT, "batch_num");
          batchNum = r.readInt32("batch_num");
        }
        case 5 -> {
          r.expect(t, ProtoReader.VARINT, "batch_size");
          batchSize = r.readInt32("batch_size");
        }
        case 6 -> {
          r.expect(t, ProtoReader.LENGTH_DELIMITED, "signature_infos");
          infos.add(signatureInfo(r.readMessage("SignatureInfo")));
        }
        case 7 -> {
          r.expect(t, ProtoReader.LENGTH_DELIMITED, "keys");
          keys.add(key(r.readMessage("TemporaryExposureKey")));
        }
        case 8 -> {
          r.expect(t, ProtoReader.LENGTH_DELIMITED, "revised_keys");
          revised.add(key(r.readMessage("TemporaryExposureKey")));
        }
        default -> r.skip(t);
      }
    }
    return new ExportFile(start, end, region, batchNum, batchSize, infos, keys, revised);
  }

  public static List<TekSignature> parseSignatures(byte[] exportSig) throws ExportException {
    ProtoReader r = new ProtoReader(exportSig, 0, exportSig.length, "TEKSignatureList");
    List<TekSignature> out = new ArrayList<>();
    while (r.hasMore()) {
      Tag t = r.readTag();
      if (t.field() == 1) {
        r.expect(t, ProtoReader.LENGTH_DELIMITED, "signatures");
        out.add(signature(r.readMessage("TEKSignature")));
      } else {
        r.skip(t);
      }
    }
    return out;
  }

  private static TekSignature signature(ProtoReader r) throws ExportException {
    SignatureInfo info = new SignatureInfo("", "", "");
    int batchNum = 1;
    int batchSize = 1;
    byte[] signature = null;
    while (r.hasMore()) {
      Tag t = r.readTag();
      switch (t.field()) {
        case 1 -> {
          r.expect(t, ProtoReader.LENGTH_DELIMITED, "signature_info");
          info = signatureInfo(r.readMessage("SignatureInfo"));
        }
        case 2 -> {
          r.expect(t, ProtoReader.VARINT, "batch_num");
          batchNum = r.readInt32("batch_num");
        }
        case 3 -> {
          r.expect(t, ProtoReader.VARINT, "batch_size");
          batchSize = r.readInt32("batch_size");
        }
        case 4 -> {
          r.expect(t, ProtoReader.LENGTH_DELIMITED, "signature");
          signature = r.readBytes("signature");
        }
        default -> r.skip(t);
      }
    }
    if (signature == null) {
      throw new ExportException("malformed TEKSignature: no signature bytes");
    }
    return new TekSignature(info, batchNum, batchSize, signature);
  }

  private static SignatureInfo signatureInfo(ProtoReader r) throws ExportException {
    String version = "";
    String id = "";
    String algorithm = "";
    while (r.hasMore()) {
      Tag t = r.readTag();
      switch (t.field()) {
        case 3 -> {
          r.expect(t, ProtoReader.LENGTH_DELIMITED, "verification_key_version");
          version = r.readString("verification_key_version");
        }
        case 4 -> {
          r.expect(t, ProtoReader.LENGTH_DELIMITED, "verification_key_id");
          id = r.readString("verification_key_id");
        }
        case 5 -> {
          r.expect(t, ProtoReader.LENGTH_DELIMITED, "signature_algorithm");
          algorithm = r.readString("signature_algorithm");
        }
        default -> r.skip(t); // 1 and 2 are reserved (formerly bundle id and package)
      }
    }
    return new SignatureInfo(version, id, algorithm);
  }

  private static DiagnosisKey key(ProtoReader r) throws ExportException {
    byte[] keyData = null;
    Integer rsin = null;
    int period = EnIntervalNumber.TEK_ROLLING_PERIOD;
    ReportType type = ReportType.UNKNOWN;
    while (r.hasMore()) {
      Tag t = r.readTag();
      switch (t.field()) {
        case 1 -> {
          r.expect(t, ProtoReader.LENGTH_DELIMITED, "key_data");
          keyData = r.readBytes("key_data");
        }
        case 3 -> {
          r.expect(t, ProtoReader.VARINT, "rolling_start_interval_number");
          rsin = r.readInt32("rolling_start_interval_number");
        }
        case 4 -> {
          r.expect(t, ProtoReader.VARINT, "rolling_period");
          period = r.readInt32("rolling_period");
        }
        case 5 -> {
          r.expect(t, ProtoReader.VARINT, "report_type");
          type = ReportType.fromWire(r.readInt32("report_type"));
        }
        default -> r.skip(t); // 2 transmission_risk_level (deprecated), 6 days_since_onset_of_symptoms
      }
    }
    if (keyData == null || rsin == null) {
      throw new ExportException("malformed TemporaryExposureKey: key_data and rolling_start_interval_number are required");
    }
    try {
      return new DiagnosisKey(keyData, rsin, period, type);
    } catch (IllegalArgumentException e) {
      throw new ExportException("malformed TemporaryExposureKey: " + e.getMessage());
    }
  }
}
