package org.proximity.backend.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.backend.export.DiagnosisKey;
import org.proximity.backend.match.GaenVectors;
import org.proximity.backend.match.Heard;
import org.proximity.backend.match.StoredRecord;
import org.proximity.common.cli.ExitCodes;
import org.proximity.contract.rollingid.SiteRootKey;

/**
 * The packaged jar as a user runs it, {@code java -jar backend/target/proximity-backend.jar match …},
 * in a child JVM with a small heap: a signed export matches, a tampered one is refused without a
 * stack trace.
 */
class MatchJarIT {
  private static final GaenVectors V = new GaenVectors();
  private static final String ROOT_HEX = "5a".repeat(32);
  private static final SiteRootKey ROOT = SiteRootKey.parseHex(ROOT_HEX);

  record Result(int exit, String out, String err) {}

  private static Result java(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-jar", System.getProperty("backend.jar", "target/proximity-backend.jar")));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the jar did not finish in 120 s");
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void jar_matchesASignedExport_refusesATamperedOne(@TempDir Path dir) throws Exception {
    List<StoredRecord> rs = new ArrayList<>();
    for (int i = 30; i < 36; i++) {
      Instant t = Instant.ofEpochSecond(600L * (V.rollingStart + i));
      rs.add(Heard.gaen(ROOT, "station", V.rpi[i], V.aem[i], t, t.plusSeconds(30)));
    }
    Path records = Files.write(dir.resolve("records.jsonl"), MatchFixtures.lines(ROOT, rs));
    Path root = MatchFixtures.rootKey(dir, "root.key", ROOT_HEX);
    Path[] export = MatchFixtures.export(dir, List.of(DiagnosisKey.ofDay(V.tek, V.rollingStart)), List.of());

    Result ok = java(dir, "match", "--root-key", root.toString(), "--records", records.toString(),
        "--gaen-export", export[0].toString(), "--gaen-public-key", export[1].toString());
    assertEquals(0, ok.exit(), ok.err());
    assertEquals(6, ok.out().lines().count(), ok.out());
    assertTrue(ok.out().lines().allMatch(l -> l.startsWith("{\"schema\":\"proximity-backend/exposure/1\",\"kind\":\"gaen\"")
        && l.contains("\"tx_power\":8")), ok.out());

    byte[] zip = Files.readAllBytes(export[0]);
    zip[zip.length / 3] ^= 0x01;
    Path tampered = Files.write(dir.resolve("tampered.zip"), zip);
    Result bad = java(dir, "match", "--root-key", root.toString(), "--records", records.toString(),
        "--gaen-export", tampered.toString(), "--gaen-public-key", export[1].toString());
    assertEquals(ExitCodes.DATA_ERROR, bad.exit(), bad.err());
    assertEquals("", bad.out());
    assertTrue(bad.err().contains("refused, nothing matched"), bad.err());
    assertFalse(bad.err().contains("\tat ") || bad.err().contains("Exception"), bad.err());
  }
}
