package org.proximity.backend.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.proximity.backend.store.StoreWriterTest.read;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.proximity.backend.TestBatches;
import org.proximity.backend.collect.Inbound;
import org.proximity.backend.store.StoreWriter.Outcome;
import org.proximity.contract.payload.BatchCodec;
import org.proximity.contract.payload.EncounterBatch;
import org.proximity.contract.payload.EncounterMessage;
import org.proximity.contract.payload.EncounterRecord;

/** What every store must do, run against SQLite and PostgreSQL. */
final class StoreContract {
  private StoreContract() {}

  static long count(Store store, String sql) throws SQLException {
    try (Statement s = store.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      long n = rs.getLong(1);
      store.endRead();
      return n;
    }
  }

  static void aRedeliveredBatch_isCountedNotStoredAgain(Store store, StoreWriter writer) throws SQLException {
    Inbound first = read("bay-03", "encounters", TestBatches.encounters("bay-03", 7, 5));
    Inbound other = read("bay-03", "encounters", TestBatches.encounters("bay-03", 8, 2));
    assertEquals(List.of(Outcome.STORED, Outcome.DUPLICATE, Outcome.STORED), writer.write(List.of(first, first, other)));
    assertEquals(List.of(Outcome.DUPLICATE), writer.write(List.of(first)));
    assertEquals(7, count(store, "SELECT COUNT(*) FROM records"));
    assertEquals(2, count(store, "SELECT duplicates FROM batches WHERE batch = 'ben-xe-mien-dong/bay-03/5f2c91ab/7'"));
    assertEquals(5, count(store, "SELECT COUNT(*) FROM records WHERE batch = 'ben-xe-mien-dong/bay-03/5f2c91ab/7'"
        + " AND site = 'ben-xe-mien-dong' AND bucket_start = " + TestBatches.BUCKET.getEpochSecond()));
  }

  static void aFailedGroup_leavesNothingBehind(Store store, StoreWriter writer) throws SQLException {
    Inbound good = read("bay-03", "encounters", TestBatches.encounters("bay-03", 1, 4));
    EncounterMessage m = ((Inbound.Encounters) good).message();
    // a counts text the database cannot take (NUL is refused by PostgreSQL; null by both, NOT NULL)
    Inbound broken = new Inbound.Encounters(new EncounterMessage(
        new BatchCodec.Envelope("s", "g", "00000000", 2, 0, 1), m.batch()), null, 0);
    assertThrows(SQLException.class, () -> writer.write(List.of(good, broken)));
    assertEquals(0, count(store, "SELECT COUNT(*) FROM batches"));
    assertEquals(0, count(store, "SELECT COUNT(*) FROM records"));
    assertEquals(List.of(Outcome.STORED), writer.write(List.of(good)));
    assertEquals(4, count(store, "SELECT COUNT(*) FROM records"));
  }

  static void healthKeepsTheNewest_statusTheLast_crowdTheFirst(Store store, StoreWriter writer) throws SQLException {
    String newer = "{\"t\":2}";
    String older = "{\"t\":1}";
    Instant t = Instant.parse("2026-11-29T10:05:00Z");
    writer.write(List.of(new Inbound.Health(TestBatches.SITE, "bay-03", t, newer),
        new Inbound.Health(TestBatches.SITE, "bay-03", t.minusSeconds(60), older),
        new Inbound.Status(TestBatches.SITE, "bay-03", "online"),
        new Inbound.Status(TestBatches.SITE, "bay-03", "offline")));
    try (Statement s = store.connection().createStatement();
        ResultSet rs = s.executeQuery("SELECT h.payload, s.status FROM gateway_health h JOIN gateway_status s"
            + " ON h.site = s.site AND h.gateway = s.gateway")) {
      rs.next();
      assertEquals(newer, rs.getString(1));
      assertEquals("offline", rs.getString(2));
    }
    store.endRead();
    Inbound crowd = read("bay-03", "crowd", TestBatches.crowd("bay-03", t));
    assertEquals(List.of(Outcome.STORED, Outcome.DUPLICATE), writer.write(List.of(crowd, crowd)));
    assertEquals(1, count(store, "SELECT duplicates FROM crowd_minutes"));
    assertEquals(9, count(store, "SELECT bluezone_ios_presences + 8 FROM crowd_minutes"));
  }

  /**
   * Every column of every record comes back as written, also text that COPY's text format must
   * escape: backslash, tab, newline, carriage return, its NULL marker {@code \N} and end marker
   * {@code \.}, and non-ASCII. The wire contract allows none of these in site, gateway, epoch or
   * kind names (topic levels and patterns), but the store must not depend on it.
   */
  static void awkwardText_comesBackAsWritten(Store store, StoreWriter writer) throws SQLException {
    Inbound plain = read("bay-03", "encounters", TestBatches.encounters("bay-03", 1, 6));
    EncounterBatch b = ((Inbound.Encounters) plain).message().batch();
    List<String> kinds = List.of("k\\N", "t\tab", "\\.", "nl\nx\r", "\\\\", "ph\u1ea1m \u4e2d");
    List<EncounterRecord> rs = new ArrayList<>();
    for (int i = 0; i < b.records().size(); i++) {
      EncounterRecord r = b.records().get(i);
      rs.add(new EncounterRecord(r.id(), kinds.get(i), r.first(), r.last(), r.sightings(), r.rssi(), r.aem()));
    }
    BatchCodec.Envelope env = new BatchCodec.Envelope("a\\b\tc\nd\re\\N", "\\.", "\\N\t", 9, 0, 1);
    EncounterBatch odd = new EncounterBatch(b.bucket(), b.keyId(), rs, b.counts(), b.partial(), b.clock());
    assertEquals(List.of(Outcome.STORED), writer.write(List.of(new Inbound.Encounters(new EncounterMessage(env, odd), "{}", 0))));
    List<List<String>> expected = new ArrayList<>();
    for (EncounterRecord r : rs.stream().sorted(Comparator.comparing(EncounterRecord::id)).toList()) {
      expected.add(Arrays.asList(r.id(), env.site(), env.gateway(), "" + b.bucket().start().getEpochSecond(),
          "" + b.bucket().width().minutes(), r.kind(), "" + r.first().getEpochSecond(), "" + r.last().getEpochSecond(),
          "" + r.sightings(), "" + r.rssi().min(), "" + r.rssi().median(), "" + r.rssi().max(), r.aem(), env.batchId()));
    }
    List<List<String>> stored = new ArrayList<>();
    try (Statement s = store.connection().createStatement();
        ResultSet rows = s.executeQuery("SELECT id, site, gateway, bucket_start, bucket_minutes, kind, first_seen,"
            + " last_seen, n, rssi_min, rssi_median, rssi_max, aem, batch FROM records ORDER BY id")) {
      while (rows.next()) {
        String[] row = new String[14];
        for (int c = 0; c < row.length; c++) {
          row[c] = rows.getString(c + 1);
        }
        stored.add(Arrays.asList(row));
      }
    }
    store.endRead();
    assertEquals(expected, stored);
  }
}
