package org.proximity.backend.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.backend.store.PostgresCluster;

/** {@code match --store} on a real PostgreSQL gives what the same batches as JSON lines give (SQLite: StoreMatchTest). */
class StoreMatchIT {
  @Test
  void match_postgresStore_sameLinesAsTheRecordsFile(@TempDir Path dir) throws Exception {
    List<String> lines = MatchFixtures.lines(StoreMatchTest.ROOT, StoreMatchTest.records());
    try (PostgresCluster pg = PostgresCluster.start(false)) {
      String url = pg.newDatabase();
      StoreMatchTest.collect(url, lines);
      Cli.Run fromStore = StoreMatchTest.match(dir, "--store", url);
      assertEquals(0, fromStore.exit(), fromStore.err());
      Cli.Run fromFile = StoreMatchTest.match(dir, "--records", Files.write(dir.resolve("records.jsonl"), lines).toString());
      assertEquals(21, fromStore.out().lines().count(), fromStore.err());
      assertEquals(StoreMatchTest.sorted(fromFile.out()), StoreMatchTest.sorted(fromStore.out()));
    }
  }
}
