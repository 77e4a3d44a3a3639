package org.proximity.backend.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.backend.export.DiagnosisKey;
import org.proximity.backend.store.PostgresCluster;

/** {@code match --store} on a real PostgreSQL gives what the same batches as JSON lines give (SQLite: StoreMatchTest). */
class StoreMatchIT {
  @Test
  void match_postgresStore_sameLinesAsTheRecordsFile(@TempDir Path dir) throws Exception {
    List<String> lines = MatchFixtures.lines(StoreMatchTest.ROOT, StoreMatchTest.records());
    List<DiagnosisKey> keys = StoreMatchTest.manyKeys();
    List<String> manyLines = MatchFixtures.lines(StoreMatchTest.ROOT, StoreMatchTest.recordsOf(keys));
    try (PostgresCluster pg = PostgresCluster.start(false)) {
      String url = pg.newDatabase();
      StoreMatchTest.collect(url, lines);
      Cli.Run fromStore = StoreMatchTest.match(dir, "--store", url);
      assertEquals(0, fromStore.exit(), fromStore.err());
      Cli.Run fromFile = StoreMatchTest.match(dir, "--records", Files.write(dir.resolve("records.jsonl"), lines).toString());
      assertEquals(21, fromStore.out().lines().count(), fromStore.err());
      assertEquals(StoreMatchTest.sorted(fromFile.out()), StoreMatchTest.sorted(fromStore.out()));

      String many = pg.newDatabase();
      StoreMatchTest.collect(many, manyLines);
      Cli.Run manyFromStore = StoreMatchTest.match(dir, keys, "--store", many);
      assertEquals(0, manyFromStore.exit(), manyFromStore.err());
      assertEquals(3L * keys.size(), manyFromStore.out().lines().count(), manyFromStore.err());
      Cli.Run manyFromFile = StoreMatchTest.match(dir, keys, "--records", Files.write(dir.resolve("many.jsonl"), manyLines).toString());
      assertEquals(StoreMatchTest.sorted(manyFromFile.out()), StoreMatchTest.sorted(manyFromStore.out()));
    }
  }
}
