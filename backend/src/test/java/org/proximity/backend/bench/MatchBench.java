package org.proximity.backend.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import org.proximity.backend.bluezone.BluezoneKey;
import org.proximity.backend.export.DiagnosisKey;
import org.proximity.backend.export.ExportFile;
import org.proximity.backend.export.ExportWriter;
import org.proximity.backend.export.PemKeys;
import org.proximity.backend.export.SignatureInfo;
import org.proximity.backend.match.Matcher;
import org.proximity.backend.match.SiteKeys;
import org.proximity.backend.store.Store;
import org.proximity.contract.rollingid.GaenKeySchedule;
import org.proximity.contract.rollingid.RecordIdHasher;
import org.proximity.contract.rollingid.SiteRootKey;

/**
 * The matcher's benchmarks (docs/benchmarks.md), a main class rather than a timed test:
 *
 * <pre>
 *   ids KEYS                    regenerate and hash the rolling IDs of KEYS GAEN keys (and as many Bluezone days)
 *   store DIR RECORDS KEYS HITS an SQLite store of RECORDS records of one day, an export of KEYS keys of
 *                               that day signed by a fresh key, HITS records that match, and root.key;
 *                               then time "match --store" on it (see docs/benchmarks.md for the command);
 *                               a sixth argument, a jdbc:postgresql: URL, writes the records there instead
 * </pre>
 */
public final class MatchBench {
  private static final HexFormat HEX = HexFormat.of();
  private static final long DAY = 20_000; // 2024-10-04
  private static final String ROOT_HEX = "6b".repeat(32);

  private MatchBench() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "ids" -> ids(Integer.parseInt(args[1]));
      case "probe" -> probe(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      case "store" -> store(Path.of(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
          args.length > 5 ? args[5] : null);
      default -> throw new IllegalArgumentException("ids KEYS | store DIR RECORDS KEYS HITS");
    }
  }

  static List<DiagnosisKey> keys(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<DiagnosisKey> keys = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] tek = new byte[16];
      r.nextBytes(tek);
      keys.add(DiagnosisKey.ofDay(tek, (int) (DAY * 144)));
    }
    return keys;
  }

  private static void ids(int n) {
    SiteKeys siteKeys = SiteKeys.forEverySite(SiteRootKey.parseHex(ROOT_HEX));
    siteKeys.hasher(0, DAY - 1); // derive the day keys once, outside the timing
    List<DiagnosisKey> gaen = keys(n, 1);
    List<BluezoneKey> bluezone = new ArrayList<>();
    for (DiagnosisKey k : keys(n, 2)) {
      byte[] daily = Arrays.copyOf(k.keyData(), 32);
      bluezone.add(new BluezoneKey(daily, DAY * 86_400, DAY * 86_400 + 86_399, 96));
    }
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int round = 1; round <= 5; round++) {
      long p0 = os.getProcessCpuTime();
      long c0 = cpu.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      Matcher m = Matcher.gaen(gaen, siteKeys);
      double process = (os.getProcessCpuTime() - p0) / 1e9;
      double s = (System.nanoTime() - t0) / 1e9;
      double c = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
      long rpis = 144L * n;
      System.out.printf("round %d gaen: %d keys, %d RPIs regenerated, %d record ids hashed in %.2f s wall, %.2f s CPU:"
          + " %.0f RPIs and %.0f hashes per CPU second (whole JVM: %.2f s CPU, %.0f RPIs/s)%n", round, n, rpis,
          m.stats().candidates(), s, c, rpis / c, m.stats().candidates() / c, process, rpis / process);
      c0 = cpu.getCurrentThreadCpuTime();
      t0 = System.nanoTime();
      Matcher b = Matcher.bluezone(bluezone, siteKeys);
      s = (System.nanoTime() - t0) / 1e9;
      c = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
      System.out.printf("round %d bluezone: %d daily keys, %d IDs regenerated and hashed in %.2f s wall, %.2f s CPU:"
          + " %.0f IDs per CPU second%n", round, n, b.stats().candidates(), s, c, b.stats().candidates() / c);
    }
  }

  /** Probes of random record ids (the common case: no candidate) against the index of KEYS keys. */
  private static void probe(int n, int probes) {
    Matcher m = Matcher.gaen(keys(n, 1), SiteKeys.forEverySite(SiteRootKey.parseHex(ROOT_HEX)));
    SplittableRandom r = new SplittableRandom(9);
    String[] ids = new String[1 << 16];
    byte[] id = new byte[16];
    for (int i = 0; i < ids.length; i++) {
      r.nextBytes(id);
      ids[i] = HEX.formatHex(id);
    }
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (int round = 1; round <= 5; round++) {
      long c0 = cpu.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      int hits = 0;
      for (int i = 0; i < probes; i++) {
        hits += m.mayMatch("station", DAY, ids[i & (ids.length - 1)]) ? 1 : 0;
      }
      double s = (System.nanoTime() - t0) / 1e9;
      double c = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
      System.out.printf("round %d: %d probes, %d hits, %.2f s wall, %.2f s CPU: %.0f ns per probe (CPU)%n",
          round, probes, hits, s, c, c * 1e9 / probes);
    }
  }

  private static void store(Path dir, long records, int nKeys, int hits, String postgresUrl) throws Exception {
    Files.createDirectories(dir);
    Path root = Files.writeString(dir.resolve("root.key"), ROOT_HEX + "\n");
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rw-------"));
    List<DiagnosisKey> keys = keys(nKeys, 3);
    KeyPair authority = ExportWriter.newSigningKey();
    Files.write(dir.resolve("export.zip"), ExportWriter.write(new ExportFile(0, 0, "VN", 1, 1,
        List.of(new SignatureInfo("v1", "bench", SignatureInfo.ECDSA_SHA256_OID)), keys, List.of()),
        authority.getPrivate()));
    Files.writeString(dir.resolve("authority.pem"), PemKeys.toPem(authority.getPublic()));

    Path db = dir.resolve("store.db");
    String url = postgresUrl != null ? postgresUrl : "jdbc:sqlite:" + db;
    if (postgresUrl == null) {
      Files.deleteIfExists(db);
    }
    try (Store s = Store.open(url, null, null)) {
      s.connection().commit(); // the schema only
    }
    RecordIdHasher h = SiteRootKey.parseHex(ROOT_HEX).dayKey(DAY).hasher();
    SplittableRandom r = new SplittableRandom(4);
    long t0 = System.nanoTime();
    Properties props = new Properties();
    if (postgresUrl != null) {
      props.setProperty("reWriteBatchedInserts", "true"); // one INSERT per batch of rows
    }
    try (Connection c = DriverManager.getConnection(url, props)) {
      if (postgresUrl == null) {
        try (Statement st = c.createStatement()) {
          st.execute("PRAGMA journal_mode=OFF");
          st.execute("PRAGMA synchronous=OFF");
          st.execute("PRAGMA cache_size=-400000"); // 400 MB: random ids into the id index
        }
      }
      c.setAutoCommit(false);
      PreparedStatement rec = c.prepareStatement("INSERT INTO records (id, site, gateway, bucket_start,"
          + " bucket_minutes, kind, first_seen, last_seen, n, rssi_min, rssi_median, rssi_max, aem, batch)"
          + " VALUES (?, 'station', ?, ?, 30, 'gaen', ?, ?, ?, -80, -70, -60, ?, ?)");
      PreparedStatement batch = c.prepareStatement("INSERT INTO batches (batch, site, gateway, epoch, seq,"
          + " bucket_start, bucket_minutes, part_index, part_count, partial, key_id, clock_synced, clock_source,"
          + " counts, record_count, received_at, collector) VALUES (?, 'station', ?, '0badcafe', ?, ?, 30, 0, 1,"
          + " false, ?, true, 'bench', '{}', 500, 0, 'bench')");
      long hitEvery = hits == 0 ? Long.MAX_VALUE : records / hits;
      byte[] id = new byte[16];
      for (long i = 0; i < records; i++) {
        long seq = i / 500 + 1;
        String gateway = "bay-" + (seq % 4);
        long bucket = DAY * 86_400 + (i * 48 / records) * 1800;
        long first = bucket + r.nextInt(1700);
        if (i % hitEvery == hitEvery / 2) {
          DiagnosisKey k = keys.get(r.nextInt(nKeys));
          int j = (int) ((first - DAY * 86_400) / 600);
          byte[] rpi = GaenKeySchedule.rpi(GaenKeySchedule.rpik(k.keyData()), (int) (DAY * 144) + j);
          rec.setString(1, HEX.formatHex(h.recordId(RecordIdHasher.GAEN, rpi)));
        } else {
          r.nextBytes(id);
          rec.setString(1, HEX.formatHex(id));
        }
        String batchId = "station/" + gateway + "/0badcafe/" + seq;
        rec.setString(2, gateway);
        rec.setLong(3, bucket);
        rec.setLong(4, first);
        rec.setLong(5, first + r.nextInt(100));
        rec.setInt(6, 1 + r.nextInt(40));
        rec.setString(7, String.format("%08x", r.nextInt()));
        rec.setString(8, batchId);
        rec.addBatch();
        if (i % 500 == 0) {
          batch.setString(1, batchId);
          batch.setString(2, gateway);
          batch.setLong(3, seq);
          batch.setLong(4, bucket);
          batch.setString(5, h.keyId());
          batch.executeUpdate();
        }
        if (i % 20_000 == 19_999) {
          rec.executeBatch();
          c.commit();
        }
      }
      rec.executeBatch();
      c.commit();
    }
    System.out.printf("store: %d records (%d matching) in %s, %.0f s%s%n", records, hits,
        postgresUrl != null ? postgresUrl : db, (System.nanoTime() - t0) / 1e9,
        postgresUrl != null ? "" : ", " + (Files.size(db) >> 20) + " MB");
  }
}
