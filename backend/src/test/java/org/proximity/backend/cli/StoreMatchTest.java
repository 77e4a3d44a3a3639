package org.proximity.backend.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.backend.collect.Inbound;
import org.proximity.backend.collect.PayloadReader;
import org.proximity.backend.collect.SchemaCatalog;
import org.proximity.backend.export.DiagnosisKey;
import org.proximity.backend.match.GaenVectors;
import org.proximity.backend.match.Heard;
import org.proximity.backend.match.StoredRecord;
import org.proximity.backend.records.JdbcRecords;
import org.proximity.backend.store.Store;
import org.proximity.backend.store.StoreWriter;
import org.proximity.common.cli.ExitCodes;
import org.proximity.contract.rollingid.GaenKeySchedule;
import org.proximity.contract.rollingid.SiteRootKey;

/**
 * {@code match --store}: the collector's SQLite file (read only) gives what the same batches as JSON
 * lines give (a real PostgreSQL: StoreMatchIT).
 */
class StoreMatchTest {
  private static final GaenVectors V = new GaenVectors();
  private static final String ROOT_HEX = "5a".repeat(32);
  static final SiteRootKey ROOT = SiteRootKey.parseHex(ROOT_HEX);

  private static Instant start(int i) {
    return Instant.ofEpochSecond(600L * (V.rollingStart + i));
  }

  /** Records of every 7th RPI of the vectors, each beside a record of an RPI one bit away. */
  static List<StoredRecord> records() {
    List<StoredRecord> rs = new ArrayList<>();
    for (int i = 0; i < 144; i += 7) {
      rs.add(Heard.gaen(ROOT, "station", V.rpi[i], V.aem[i], start(i).plusSeconds(1), start(i).plusSeconds(99)));
      byte[] other = V.rpi[i].clone();
      other[0] ^= 1;
      rs.add(Heard.gaen(ROOT, "station", other, V.aem[i], start(i), start(i).plusSeconds(9)));
    }
    return rs;
  }

  /** Stores the batches as the collector does, through its reader and writer. */
  static void collect(String store, List<String> lines) throws Exception {
    collect(store, "station", lines);
  }

  private static void collect(String store, String site, List<String> lines) throws Exception {
    PayloadReader reader = new PayloadReader("p", new SchemaCatalog());
    try (Store s = Store.open(store, null, null); StoreWriter writer = new StoreWriter(s, "c1", () -> 1L)) {
      List<Inbound> in = new ArrayList<>();
      for (String l : lines) {
        in.add(reader.read("p/" + site + "/bay-1/encounters", l.getBytes(StandardCharsets.UTF_8)));
      }
      assertTrue(writer.write(in).stream().allMatch(o -> o == StoreWriter.Outcome.STORED));
    }
  }

  /** Keys enough for more candidate ids than one lookup takes. */
  static List<DiagnosisKey> manyKeys() {
    SplittableRandom random = new SplittableRandom(7);
    List<DiagnosisKey> keys = new ArrayList<>();
    while (keys.size() * (144 + 24) <= JdbcRecords.LOOKUP_IDS) {
      byte[] tek = new byte[16];
      random.nextBytes(tek);
      keys.add(DiagnosisKey.ofDay(tek, V.rollingStart));
    }
    return keys;
  }

  /** Three RPIs of every key heard (first, middle and last interval): ids that fall in every lookup. */
  static List<StoredRecord> recordsOf(List<DiagnosisKey> keys) {
    List<StoredRecord> rs = new ArrayList<>();
    for (DiagnosisKey k : keys) {
      for (int i : new int[] {0, 71, 143}) {
        byte[] rpi = GaenKeySchedule.rpi(GaenKeySchedule.rpik(k.keyData()), V.rollingStart + i);
        rs.add(Heard.gaen(ROOT, "station", rpi, V.aem[i], start(i).plusSeconds(5), start(i).plusSeconds(65)));
      }
    }
    return rs;
  }

  static Cli.Run match(Path dir, String sourceOption, String source) throws Exception {
    return match(dir, List.of(DiagnosisKey.ofDay(V.tek, V.rollingStart)), sourceOption, source);
  }

  static Cli.Run match(Path dir, List<DiagnosisKey> keys, String sourceOption, String source) throws Exception {
    Path root = MatchFixtures.rootKey(dir, "root.key", ROOT_HEX);
    Path[] export = MatchFixtures.export(dir, keys, List.of());
    return Cli.run("match", "--root-key", root.toString(), sourceOption, source,
        "--gaen-export", export[0].toString(), "--gaen-public-key", export[1].toString());
  }

  @Test
  void match_sqliteStore_sameLinesAsTheRecordsFile_storeUntouched(@TempDir Path dir) throws Exception {
    List<StoredRecord> rs = records();
    List<String> lines = MatchFixtures.lines(ROOT, rs);
    Path db = dir.resolve("store.db");
    collect(db.toString(), lines);
    long sizeBefore = Files.size(db);
    Cli.Run fromStore = match(dir, "--store", db.toString());
    Cli.Run fromFile = match(dir, "--records", Files.write(dir.resolve("records.jsonl"), lines).toString());
    assertEquals(0, fromStore.exit(), fromStore.err());
    assertEquals(0, fromFile.exit(), fromFile.err());
    assertEquals(21, fromStore.out().lines().count(), fromStore.out());
    assertEquals(sorted(fromFile.out()), sorted(fromStore.out()));
    assertTrue(fromStore.err().contains("read " + rs.size() + " messages, " + rs.size() + " records of those days"),
        fromStore.err());
    assertEquals(sizeBefore, Files.size(db), "opened read-only");
    assertEquals(sorted(fromFile.out()), sorted(match(dir, "--store", "jdbc:sqlite:" + db).out()));
  }

  @Test
  void match_sqliteStore_moreCandidatesThanOneLookup_everyRecordFound(@TempDir Path dir) throws Exception {
    List<DiagnosisKey> keys = manyKeys();
    List<String> lines = MatchFixtures.lines(ROOT, recordsOf(keys));
    Path db = dir.resolve("store.db");
    collect(db.toString(), lines);
    Cli.Run fromStore = match(dir, keys, "--store", db.toString());
    Cli.Run fromFile = match(dir, keys, "--records", Files.write(dir.resolve("records.jsonl"), lines).toString());
    assertEquals(0, fromStore.exit(), fromStore.err());
    assertEquals(3L * keys.size(), fromStore.out().lines().count(), fromStore.err());
    assertEquals(sorted(fromFile.out()), sorted(fromStore.out()));
  }

  @Test
  void match_sqliteStore_rootKeysDirectory_recordsOfOtherSitesCountedFromTheBatches(@TempDir Path dir) throws Exception {
    Path keys = Files.createDirectory(dir.resolve("keys"));
    MatchFixtures.rootKey(keys, "station.key", ROOT_HEX);
    Path db = dir.resolve("store.db");
    collect(db.toString(), "station",
        MatchFixtures.lines(ROOT, List.of(Heard.gaen(ROOT, "station", V.rpi[3], V.aem[3], start(3), start(3)))));
    collect(db.toString(), "harbour", MatchFixtures.lines(ROOT, List.of(
        Heard.gaen(ROOT, "harbour", V.rpi[4], V.aem[4], start(4), start(4)),
        Heard.gaen(ROOT, "harbour", V.rpi[5], V.aem[5], start(5), start(5)))));
    Path[] export = MatchFixtures.export(dir, List.of(DiagnosisKey.ofDay(V.tek, V.rollingStart)), List.of());
    Cli.Run run = Cli.run("match", "--root-keys", keys.toString(), "--store", db.toString(),
        "--gaen-export", export[0].toString(), "--gaen-public-key", export[1].toString());
    assertEquals(0, run.exit(), run.err());
    assertEquals(1, run.out().lines().count(), run.out());
    assertTrue(run.err().contains("read 3 messages, 3 records of those days"), run.err());
    assertTrue(run.err().contains("records of sites without a root key: 2"), run.err());
  }

  @Test
  void match_sqliteFileThatIsNoStore_exit66NamingTheTables(@TempDir Path dir) throws Exception {
    Path db = dir.resolve("other.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE notes (x TEXT)");
    }
    Path root = MatchFixtures.rootKey(dir, "root.key", ROOT_HEX);
    Path[] export = MatchFixtures.export(dir, List.of(DiagnosisKey.ofDay(V.tek, V.rollingStart)), List.of());
    Cli.Run run = Cli.run("match", "--root-key", root.toString(), "--store", db.toString(),
        "--gaen-export", export[0].toString(), "--gaen-public-key", export[1].toString());
    assertEquals(ExitCodes.NO_INPUT, run.exit(), run.err());
    assertTrue(run.err().contains("is not a collector's store (no records and batches tables)"), run.err());
    assertTrue(run.err().strip().lines().filter(l -> !l.contains("signature verified")).count() == 1
        && !run.err().contains("\tat "), run.err());
  }

  static List<String> sorted(String out) {
    return out.lines().sorted().toList();
  }
}
