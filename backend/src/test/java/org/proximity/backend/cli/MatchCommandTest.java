package org.proximity.backend.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.backend.export.DiagnosisKey;
import org.proximity.backend.export.ReportType;
import org.proximity.backend.match.GaenVectors;
import org.proximity.backend.match.Heard;
import org.proximity.backend.match.StoredRecord;
import org.proximity.common.cli.ExitCodes;
import org.proximity.contract.rollingid.BluezoneKeySchedule;
import org.proximity.contract.rollingid.SiteRootKey;

/** The match command in-process: its output lines and schema, its summary, and every refusal. */
class MatchCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();
  private static final GaenVectors V = new GaenVectors();
  private static final String ROOT_HEX = "5a".repeat(32);
  private static final SiteRootKey ROOT = SiteRootKey.parseHex(ROOT_HEX);
  static final Path SCHEMAS = Path.of(System.getProperty("docs.dir", "../docs")).resolve("schema");

  private static Instant start(int i) {
    return Instant.ofEpochSecond(600L * (V.rollingStart + i));
  }

  /** Records of the vectors' RPIs 10, 11 and 12, one other phone's record, and a Bluezone record. */
  private static Path records(Path dir) throws Exception {
    List<StoredRecord> rs = new ArrayList<>();
    for (int i = 10; i <= 12; i++) {
      rs.add(Heard.gaen(ROOT, "station", V.rpi[i], V.aem[i], start(i).plusSeconds(5), start(i).plusSeconds(125)));
    }
    byte[] stranger = new byte[16];
    stranger[3] = 9;
    rs.add(Heard.gaen(ROOT, "station", stranger, new byte[4], start(10), start(10).plusSeconds(60)));
    rs.add(Heard.bluezone(ROOT, "station", BluezoneKeySchedule.bluezoneId(new byte[32], 40), start(10), start(10)));
    List<String> lines = new ArrayList<>(MatchFixtures.lines(ROOT, rs));
    lines.add(lines.get(0)); // a redelivered message
    lines.add("not json");
    lines.add("{\"schema\":\"proximity-gateway/encounters/1\"}");
    lines.add("");
    return Files.write(dir.resolve("records.jsonl"), lines);
  }

  @Test
  void match_gaenExportAgainstRecords_oneSchemaValidLinePerMatchedRecord(@TempDir Path dir) throws Exception {
    Path[] export = MatchFixtures.export(dir, List.of(DiagnosisKey.ofDay(V.tek, V.rollingStart)), List.of());
    Cli.Run run = Cli.run("match", "--root-key", MatchFixtures.rootKey(dir, "root.key", ROOT_HEX).toString(),
        "--records", records(dir).toString(), "--gaen-export", export[0].toString(),
        "--gaen-public-key", export[1].toString());
    assertEquals(0, run.exit(), run.err());
    String[] lines = run.out().split("\n");
    assertEquals(3, lines.length, run.out());
    JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
        .getSchema(SCHEMAS.resolve("exposure.schema.json").toUri());
    for (int k = 0; k < 3; k++) {
      JsonNode j = JSON.readTree(lines[k]);
      assertTrue(schema.validate(j).isEmpty(), schema.validate(j) + " in " + lines[k]);
      int i = 10 + k;
      assertEquals("proximity-backend/exposure/1", j.get("schema").asText());
      assertEquals("gaen", j.get("kind").asText());
      assertEquals(HEX.formatHex(V.tek), j.get("key").asText());
      assertEquals("station", j.get("site").asText());
      assertEquals(start(i).plusSeconds(5).toString(), j.get("first").asText());
      assertEquals(120, j.get("duration_s").asInt());
      assertEquals(GaenVectors.TX_POWER, j.get("tx_power").asInt());
      assertEquals(GaenVectors.TX_POWER - Heard.RSSI.median(), j.get("attenuation_db").asInt());
    }
    assertEquals(List.of("schema", "kind", "key", "site", "gateway", "bucket", "record", "first", "last", "duration_s",
        "n", "rssi", "tx_power", "attenuation_db"), fieldNames(JSON.readTree(lines[0])));
    assertTrue(run.err().contains("signature verified"), run.err());
    assertTrue(run.err().contains("3 exposures in 2 buckets"), run.err());
    assertTrue(run.err().contains("duplicate_message=1") && run.err().contains("not_json=1")
        && run.err().contains("unknown_schema=1"), run.err());
    assertFalse(run.err().contains("warning"), run.err());
    assertFalse(run.err().contains(HEX.formatHex(V.tek)), "no key on stderr");
  }

  @Test
  void match_revokedKey_nothingMatchedExitZero(@TempDir Path dir) throws Exception {
    DiagnosisKey key = DiagnosisKey.ofDay(V.tek, V.rollingStart);
    Path[] export = MatchFixtures.export(dir, List.of(key),
        List.of(new DiagnosisKey(V.tek, V.rollingStart, 144, ReportType.REVOKED)));
    Cli.Run run = Cli.run("match", "--root-key", MatchFixtures.rootKey(dir, "root.key", ROOT_HEX).toString(),
        "--records", records(dir).toString(), "--gaen-export", export[0].toString(),
        "--gaen-public-key", export[1].toString());
    assertEquals(0, run.exit(), run.err());
    assertEquals("", run.out());
    assertTrue(run.err().contains("0 exposures"), run.err());
  }

  @Test
  void match_tamperedOrForeignExport_exit65OneLineNothingOnStdout(@TempDir Path dir) throws Exception {
    Path[] export = MatchFixtures.export(dir, List.of(DiagnosisKey.ofDay(V.tek, V.rollingStart)), List.of());
    byte[] zip = Files.readAllBytes(export[0]);
    zip[60] ^= 0x20; // inside export.bin (stored deflated): the entry no longer inflates or verifies
    Path tampered = Files.write(dir.resolve("tampered.zip"), zip);
    Path root = MatchFixtures.rootKey(dir, "root.key", ROOT_HEX);
    Path records = records(dir);
    for (Path bad : List.of(tampered, Files.write(dir.resolve("cut.zip"), Arrays.copyOf(zip, 100)))) {
      Cli.Run run = Cli.run("match", "--root-key", root.toString(), "--records", records.toString(),
          "--gaen-export", bad.toString(), "--gaen-public-key", export[1].toString());
      assertEquals(ExitCodes.DATA_ERROR, run.exit(), run.err());
      assertEquals("", run.out());
      assertEquals(1, run.err().strip().lines().count(), run.err());
      assertTrue(run.err().startsWith("match: --gaen-export " + bad + " refused, nothing matched: "), run.err());
    }
    Path[] other = MatchFixtures.export(Files.createDirectory(dir.resolve("other")),
        List.of(DiagnosisKey.ofDay(V.tek, V.rollingStart)), List.of());
    Cli.Run wrongKey = Cli.run("match", "--root-key", root.toString(), "--records", records.toString(),
        "--gaen-export", export[0].toString(), "--gaen-public-key", other[1].toString());
    assertEquals(ExitCodes.DATA_ERROR, wrongKey.exit());
    assertTrue(wrongKey.err().contains("no signature in export.sig verifies"), wrongKey.err());
  }

  @Test
  void match_bluezoneMessage_insideTheWindowOnly(@TempDir Path dir) throws Exception {
    byte[] daily = new byte[32];
    daily[0] = 7;
    Instant day = Instant.parse("2024-10-04T00:00:00Z");
    List<StoredRecord> rs = List.of(
        Heard.bluezone(ROOT, "station", BluezoneKeySchedule.bluezoneId(daily, 40), day.plusSeconds(900 * 40 + 5),
            day.plusSeconds(900 * 40 + 65)),
        Heard.bluezone(ROOT, "station", BluezoneKeySchedule.bluezoneId(daily, 70), day.plusSeconds(900 * 70),
            day.plusSeconds(900 * 70 + 10)));
    Path records = Files.write(dir.resolve("bz.jsonl"), MatchFixtures.lines(ROOT, rs));
    Path message = Files.writeString(dir.resolve("infected.json"), "{\"data\":[{\"daily_key\":\"" + HEX.formatHex(daily)
        + "\",\"time_start\":" + day.getEpochSecond() + ",\"time_end\":" + day.plusSeconds(12 * 3600).getEpochSecond()
        + ",\"max\":96}],\"FindGUID\":\"x\"}");
    Cli.Run run = Cli.run("match", "--root-key", MatchFixtures.rootKey(dir, "root.key", ROOT_HEX).toString(),
        "--records", records.toString(), "--bluezone", message.toString());
    assertEquals(0, run.exit(), run.err());
    String[] lines = run.out().split("\n");
    assertEquals(1, lines.length, run.out()); // slot 40 (10:00) inside, slot 70 (17:30) after time_end
    JsonNode j = JSON.readTree(lines[0]);
    assertEquals("bluezone", j.get("kind").asText());
    assertEquals(HEX.formatHex(daily), j.get("key").asText());
    assertFalse(j.has("tx_power"));
    assertEquals(rs.get(0).record().id(), j.get("record").asText());

    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"data\":[{\"daily_key\":\"abc\"}]}");
    Cli.Run bad = Cli.run("match", "--root-key", dir.resolve("root.key").toString(), "--records", records.toString(),
        "--bluezone", broken.toString());
    assertEquals(ExitCodes.DATA_ERROR, bad.exit());
    assertTrue(bad.err().contains("data[0].daily_key must be 64 hex characters"), bad.err());
  }

  @Test
  void match_rootKeysDirectory_recordsOfOtherSitesCounted(@TempDir Path dir) throws Exception {
    Path keys = Files.createDirectory(dir.resolve("keys"));
    MatchFixtures.rootKey(keys, "station.key", ROOT_HEX);
    MatchFixtures.rootKey(keys, "depot.key", "77".repeat(32));
    Files.writeString(keys.resolve("README"), "not a key");
    Path[] export = MatchFixtures.export(dir, List.of(DiagnosisKey.ofDay(V.tek, V.rollingStart)), List.of());
    List<StoredRecord> rs = List.of(
        Heard.gaen(ROOT, "station", V.rpi[3], V.aem[3], start(3), start(3)),
        Heard.gaen(ROOT, "harbour", V.rpi[4], V.aem[4], start(4), start(4)),
        Heard.gaen(ROOT, "depot", V.rpi[5], V.aem[5], start(5), start(5)));
    Path records = Files.write(dir.resolve("r.jsonl"), MatchFixtures.lines(ROOT, rs));
    Cli.Run run = Cli.run("match", "--root-keys", keys.toString(), "--records", records.toString(),
        "--gaen-export", export[0].toString(), "--gaen-public-key", export[1].toString());
    assertEquals(0, run.exit(), run.err());
    assertEquals(1, run.out().lines().count(), run.out());
    assertTrue(run.err().contains("records of sites without a root key: 1"), run.err());
    assertTrue(run.err().contains("warning: 1 records of [depot] were hashed under day keys these root keys do not derive"),
        run.err());
  }

  @Test
  void match_badOptionsAndFiles_documentedExitCodesOneLine(@TempDir Path dir) throws Exception {
    Path root = MatchFixtures.rootKey(dir, "root.key", ROOT_HEX);
    Path[] export = MatchFixtures.export(dir, List.of(DiagnosisKey.ofDay(V.tek, V.rollingStart)), List.of());
    Path records = records(dir);
    String zip = export[0].toString();
    String pem = export[1].toString();

    assertEquals(ExitCodes.USAGE, Cli.run("match", "--root-key", root.toString(), "--root-keys", dir.toString(),
        "--records", records.toString(), "--gaen-export", zip, "--gaen-public-key", pem).exit());
    assertEquals(ExitCodes.USAGE, Cli.run("match", "--root-key", root.toString(), "--records", records.toString(),
        "--gaen-export", zip).exit(), "export without its public key");
    assertEquals(ExitCodes.USAGE, Cli.run("match", "--root-key", root.toString(), "--records", records.toString(),
        "--gaen-export", zip, "--gaen-public-key", pem, "--bluezone", pem).exit());

    Cli.Run missing = Cli.run("match", "--root-key", root.toString(), "--records", dir.resolve("nope.jsonl").toString(),
        "--gaen-export", zip, "--gaen-public-key", pem);
    assertEquals(ExitCodes.NO_INPUT, missing.exit(), missing.err());
    assertTrue(missing.err().contains("nope.jsonl: no such file"), missing.err());
    assertEquals(ExitCodes.NO_INPUT, Cli.run("match", "--root-key", root.toString(), "--store",
        dir.resolve("nope.sqlite").toString(), "--gaen-export", zip, "--gaen-public-key", pem).exit());

    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rw-r--r--"));
    Cli.Run open = Cli.run("match", "--root-key", root.toString(), "--records", records.toString(),
        "--gaen-export", zip, "--gaen-public-key", pem);
    assertEquals(ExitCodes.CONFIG_ERROR, open.exit());
    assertTrue(open.err().contains("must be readable by its owner only"), open.err());
    Path shortKey = MatchFixtures.rootKey(dir, "short.key", "abcd");
    Cli.Run bad = Cli.run("match", "--root-key", shortKey.toString(), "--records", records.toString(),
        "--gaen-export", zip, "--gaen-public-key", pem);
    assertEquals(ExitCodes.CONFIG_ERROR, bad.exit());
    assertTrue(bad.err().contains("64 hex characters") && !bad.err().contains("abcd"), bad.err());
    assertEquals(1, bad.err().strip().lines().count(), bad.err());
  }

  private static List<String> fieldNames(JsonNode j) {
    List<String> names = new ArrayList<>();
    j.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
