package org.proximity.backend.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.proximity.backend.store.StoreWriterTest.read;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.proximity.backend.TestBatches;
import org.proximity.backend.collect.Inbound;
import org.proximity.backend.store.StoreWriter.Outcome;
import org.proximity.contract.payload.BatchCodec;
import org.proximity.contract.payload.EncounterBatch;
import org.proximity.contract.payload.EncounterMessage;
import org.proximity.contract.payload.EncounterRecord;

/** The store on a real PostgreSQL: the same contract as SQLite, and writers racing for one batch. */
class PostgresStoreIT {
  static PostgresCluster pg;

  @BeforeAll
  static void startPostgres() {
    pg = PostgresCluster.start(false);
  }

  @AfterAll
  static void stopPostgres() {
    pg.close();
  }

  interface StoreTest {
    void run(Store store, StoreWriter writer) throws SQLException;
  }

  static void withStore(StoreTest t) throws SQLException {
    try (Store store = Store.open(pg.newDatabase(), null, null);
        StoreWriter writer = new StoreWriter(store, "c1", () -> 1_000L)) {
      assertEquals(Store.Dialect.POSTGRESQL, store.dialect());
      t.run(store, writer);
    }
  }

  @Test
  void aRedeliveredBatch_isCountedNotStoredAgain() throws SQLException {
    withStore(StoreContract::aRedeliveredBatch_isCountedNotStoredAgain);
  }

  @Test
  void aFailedGroup_leavesNothingBehind() throws SQLException {
    withStore(StoreContract::aFailedGroup_leavesNothingBehind);
  }

  @Test
  void healthKeepsTheNewest_statusTheLast_crowdTheFirst() throws SQLException {
    withStore(StoreContract::healthKeepsTheNewest_statusTheLast_crowdTheFirst);
  }

  @Test
  void awkwardText_comesBackAsWritten() throws SQLException {
    withStore(StoreContract::awkwardText_comesBackAsWritten);
  }

  @Test
  void textPostgresqlCannotHold_isARefusal_notAPassingFailure() throws SQLException {
    withStore((store, writer) -> {
      Inbound good = read("bay-03", "encounters", TestBatches.encounters("bay-03", 1, 2));
      EncounterMessage m = ((Inbound.Encounters) good).message();
      BatchCodec.Envelope e0 = m.envelope();
      // the contract's types check their text fields; the epoch is free text a store must still refuse with a NUL
      Inbound nul = new Inbound.Encounters(new EncounterMessage(new BatchCodec.Envelope(e0.site(), e0.gateway(),
          e0.epoch() + "\u0000", e0.seq(), e0.partIndex(), e0.partCount()), m.batch()), "{}", 0);
      SQLException e = assertThrows(SQLException.class, () -> writer.write(List.of(nul)));
      assertTrue(Store.isRefusal(e), e.getSQLState() + " " + e.getMessage());
    });
  }

  @Test
  void aNulOnlyInTheCopiedRecords_isARefusal_andLeavesNothing() throws SQLException {
    withStore((store, writer) -> {
      Inbound good = read("bay-03", "encounters", TestBatches.encounters("bay-03", 1, 2));
      EncounterBatch b = ((Inbound.Encounters) good).message().batch();
      EncounterRecord r = b.records().get(0);
      List<EncounterRecord> rs = List.of(b.records().get(1),
          new EncounterRecord(r.id(), "ga\u0000en", r.first(), r.last(), r.sightings(), r.rssi(), r.aem()));
      Inbound nul = new Inbound.Encounters(new EncounterMessage(((Inbound.Encounters) good).message().envelope(),
          new EncounterBatch(b.bucket(), b.keyId(), rs, b.counts(), b.partial(), b.clock())), "{}", 0);
      Inbound other = read("bay-03", "encounters", TestBatches.encounters("bay-03", 2, 3));
      SQLException e = assertThrows(SQLException.class, () -> writer.write(List.of(other, nul)));
      assertTrue(Store.isRefusal(e), e.getSQLState() + " " + e.getMessage());
      assertEquals(0, StoreContract.count(store, "SELECT COUNT(*) FROM batches"));
      assertEquals(0, StoreContract.count(store, "SELECT COUNT(*) FROM records"));
      assertEquals(List.of(Outcome.STORED, Outcome.STORED), writer.write(List.of(other, good)));
      assertEquals(5, StoreContract.count(store, "SELECT COUNT(*) FROM records"));
    });
  }

  @Test
  void writersOnTwoConnections_racingForTheSameBatches_storeEachOnce() throws Exception {
    String url = pg.newDatabase();
    int batches = 200;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (Store a = Store.open(url, null, null); Store b = Store.open(url, null, null);
        StoreWriter wa = new StoreWriter(a, "a", () -> 1L); StoreWriter wb = new StoreWriter(b, "b", () -> 2L)) {
      List<Inbound> items = new ArrayList<>();
      for (int seq = 1; seq <= batches; seq++) {
        items.add(read("bay-03", "encounters", TestBatches.encounters("bay-03", seq, 3)));
      }
      List<Future<List<Outcome>>> runs = new ArrayList<>();
      for (StoreWriter w : List.of(wa, wb)) {
        Callable<List<Outcome>> job = () -> {
          List<Outcome> all = new ArrayList<>();
          for (int i = 0; i < items.size(); i += 10) {
            all.addAll(w.write(items.subList(i, i + 10)));
          }
          return all;
        };
        runs.add(pool.submit(job));
      }
      long stored = 0;
      long duplicate = 0;
      for (Future<List<Outcome>> f : runs) {
        for (Outcome o : f.get()) {
          stored += o == Outcome.STORED ? 1 : 0;
          duplicate += o == Outcome.DUPLICATE ? 1 : 0;
        }
      }
      assertEquals(batches, stored);
      assertEquals(batches, duplicate);
      assertEquals(3L * batches, StoreContract.count(a, "SELECT COUNT(*) FROM records"));
      assertEquals(batches, StoreContract.count(a, "SELECT SUM(duplicates) FROM batches"));
    } finally {
      pool.shutdownNow();
    }
  }
}
