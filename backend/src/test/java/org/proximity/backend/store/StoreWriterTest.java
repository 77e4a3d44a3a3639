package org.proximity.backend.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.proximity.backend.TestBatches.topic;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.backend.TestBatches;
import org.proximity.backend.collect.Inbound;
import org.proximity.backend.collect.PayloadReader;
import org.proximity.backend.collect.SchemaCatalog;
import org.proximity.backend.store.StoreWriter.Outcome;

/** The store's exactly-once rules on SQLite ({@code PostgresStoreIT} runs the same on PostgreSQL). */
class StoreWriterTest {
  static final PayloadReader READER = new PayloadReader(TestBatches.PREFIX, new SchemaCatalog());

  @TempDir Path dir;
  Store store;
  StoreWriter writer;

  @BeforeEach
  void open() throws SQLException {
    store = Store.open(dir.resolve("store.db").toString(), null, null);
    writer = new StoreWriter(store, "c1", () -> 1_000L);
  }

  @AfterEach
  void close() throws SQLException {
    writer.close();
    store.close();
  }

  static Inbound read(String gateway, String leaf, byte[] payload) {
    return READER.read(topic(gateway, leaf), payload);
  }

  @Test
  void aRedeliveredBatch_isCountedNotStoredAgain() throws SQLException {
    StoreContract.aRedeliveredBatch_isCountedNotStoredAgain(store, writer);
  }

  @Test
  void aFailedGroup_leavesNothingBehind() throws SQLException {
    StoreContract.aFailedGroup_leavesNothingBehind(store, writer);
  }

  @Test
  void healthKeepsTheNewest_statusTheLast_crowdTheFirst() throws SQLException {
    StoreContract.healthKeepsTheNewest_statusTheLast_crowdTheFirst(store, writer);
  }

  @Test
  void awkwardText_comesBackAsWritten() throws SQLException {
    StoreContract.awkwardText_comesBackAsWritten(store, writer);
  }

  @Test
  void aBadPayload_isQuarantinedOnceWithItsReason_andCopiesCounted() throws SQLException {
    byte[] bad = "{\"schema\":".getBytes(StandardCharsets.UTF_8);
    Inbound r = read("bay-03", "encounters", bad);
    assertEquals(List.of(Outcome.QUARANTINED, Outcome.QUARANTINED), writer.write(List.of(r, r)));
    try (Statement s = store.connection().createStatement();
        ResultSet rs = s.executeQuery("SELECT reason, copies, payload, site, gateway FROM quarantine")) {
      rs.next();
      assertEquals("not_json", rs.getString(1));
      assertEquals(2, rs.getInt(2));
      assertArrayEquals(bad, rs.getBytes(3));
      assertEquals(TestBatches.SITE, rs.getString(4));
      assertEquals("bay-03", rs.getString(5));
    }
  }

  @Test
  void reopening_migratesNothingTwice() throws SQLException {
    writer.write(List.of(read("bay-03", "encounters", TestBatches.encounters("bay-03", 1, 3))));
    try (Store again = Store.open(dir.resolve("store.db").toString(), null, null)) {
      assertEquals(3, StoreContract.count(again, "SELECT COUNT(*) FROM records"));
    }
  }

  @Test
  void onlySqliteAndPostgresql_areAccepted() {
    assertThrows(SQLException.class, () -> Store.open("jdbc:h2:mem:x", null, null));
  }
}
