package org.proximity.backend.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.proximity.backend.TestBatches.topic;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.backend.TestBatches;
import org.proximity.backend.TestConfigs;
import org.proximity.backend.collect.CollectorIT;
import org.proximity.backend.collect.Publisher;
import org.proximity.common.testing.MosquittoBroker;

/**
 * The packaged collector, SIGKILLed while a gateway publishes and started again: every batch is
 * stored, none twice. Also shows that Flyway finds its migrations inside the shaded jar.
 */
class CollectorKillIT {
  @TempDir Path dir;

  @Test
  void killedMidStream_andRestarted_losesNothing_doublesNothing() throws Exception {
    int batches = 3000;
    int records = 20;
    Path db = dir.resolve("store.db");
    Path cfg = dir.resolve("backend.toml");
    Path log = dir.resolve("collector.log");
    ExecutorService gateway = Executors.newSingleThreadExecutor();
    try (MosquittoBroker broker = MosquittoBroker.in(dir.resolve("broker")).unboundedQueues().start();
        Publisher pub = new Publisher(broker.url(), "gw")) {
      Files.writeString(cfg, TestConfigs.toml(broker.url(), db.toString(), "collector-1", ""));
      Process collector = CollectorProcess.start(log, "collect", "--config", cfg.toString());
      try {
        pub.publish(topic("bay-03", "status"), "online".getBytes(StandardCharsets.UTF_8), true);
        // the file may exist before its tables do: the collector is still migrating it
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
            .until(() -> CollectorIT.count(db, "SELECT COUNT(*) FROM gateway_status") == 1);
        Future<?> publishing = gateway.submit(() -> {
          for (int seq = 1; seq <= batches; seq++) {
            pub.publish(topic("bay-03", "encounters"), TestBatches.encounters("bay-03", seq, records), false);
          }
          return null;
        });
        await().atMost(Duration.ofSeconds(120)).until(() -> CollectorIT.count(db, "SELECT COUNT(*) FROM batches") > 300);
        collector.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no last commit
        long storedAtKill = CollectorIT.count(db, "SELECT COUNT(*) FROM batches");
        assertTrue(storedAtKill < batches, "killed mid-stream, at " + storedAtKill);

        collector = CollectorProcess.start(log, "collect", "--config", cfg.toString());
        publishing.get();
        await().atMost(Duration.ofSeconds(180)).until(() -> CollectorIT.count(db, "SELECT COUNT(*) FROM batches") == batches);
        assertEquals((long) batches * records, CollectorIT.count(db, "SELECT COUNT(*) FROM records"));
        assertEquals(batches, CollectorIT.count(db, "SELECT COUNT(DISTINCT batch) FROM records"));
        assertEquals(batches, CollectorIT.count(db, "SELECT MAX(seq) FROM batches"));
      } finally {
        collector.destroy();
        collector.waitFor();
        gateway.shutdownNow();
      }
      String out = Files.readString(log);
      assertTrue(out.contains("Successfully applied 1 migration"), "Flyway migrated from inside the jar:\n" + out);
    }
  }
}
