package org.proximity.backend.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.proximity.backend.export.DiagnosisKey;
import org.proximity.backend.export.ExportWriter;
import org.proximity.backend.export.PemKeys;
import org.proximity.backend.export.TestExports;
import org.proximity.backend.match.Heard;
import org.proximity.backend.match.StoredRecord;
import org.proximity.contract.payload.BatchCodec;
import org.proximity.contract.payload.BucketCounts;
import org.proximity.contract.payload.EncounterBatch;
import org.proximity.contract.payload.EncounterRecord;
import org.proximity.contract.rollingid.SiteRootKey;

/** Files for the match command: root keys, signed exports, public keys, JSON lines of batches. */
final class MatchFixtures {
  private MatchFixtures() {}

  static Path rootKey(Path dir, String name, String hex) throws IOException {
    Path f = Files.writeString(dir.resolve(name), hex + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    return f;
  }

  /** A signed export of {@code keys} and the PEM of its signer, as {@code [zip, pem]}. */
  static Path[] export(Path dir, List<DiagnosisKey> keys, List<DiagnosisKey> revised) throws IOException {
    KeyPair authority = TestExports.signingKey();
    Path zip = Files.write(dir.resolve("export.zip"),
        ExportWriter.write(TestExports.export(keys, revised), authority.getPrivate()));
    Path pem = Files.writeString(dir.resolve("authority.pem"), PemKeys.toPem(authority.getPublic()));
    return new Path[] {zip, pem};
  }

  /** One encounters message per record, as replay would write them (a batch id each). */
  static List<String> lines(SiteRootKey root, List<StoredRecord> records) {
    List<String> out = new ArrayList<>();
    long seq = 1;
    for (StoredRecord r : records) {
      EncounterRecord rec = r.record();
      EncounterBatch b = new EncounterBatch(r.bucket(), Heard.hasher(root, r.bucket().epochDay()).keyId(), List.of(rec),
          new BucketCounts(kinds(1L), kinds(1), 0, 0, 0, 0, 0, 0), false);
      BatchCodec.Envelope env = new BatchCodec.Envelope(r.site(), r.gateway(), "0badcafe", seq++, 0, 1);
      out.add(new String(new BatchCodec().encode(env, b, 0, 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** Every kind the schema requires, as the gateway writes them. */
  private static <T> Map<String, T> kinds(T n) {
    return Map.of("gaen", n, "bluezone", n, "bluezone_ios", n, "other", n);
  }
}
