package org.proximity.gateway.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.common.testing.MosquittoBroker;

/**
 * The short soak CI runs (the long one is a documented command, docs/benchmarks.md): two simulated
 * hours across midnight through the whole service path to a real Mosquitto that is restarted every
 * ten simulated minutes, with rush-hour waves and a clock step; nothing lost, resources flat.
 */
class SoakIT {

  @Test
  void twoHoursAcrossMidnight_brokerRestarts_nothingLostAndResourcesFlat(@TempDir Path dir) throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.in(dir).persistence().start()) {
      StringWriter log = new StringWriter();
      BenchSettings settings = BenchSettings.soak(60, 20, Duration.ofMinutes(120), Instant.parse("2026-12-02T23:10:00Z"),
          7, broker.url(), 200_000, Duration.ofMinutes(10), broker::restart, Duration.ofMinutes(5));
      assertEquals(2, settings.waves().size(), "waves at 23:15 and 00:15");

      BenchResult r = new StationBench(settings, new PrintWriter(log, true)).run();

      assertEquals(0, r.lost(), log.toString());
      assertTrue(r.batches() >= 5, "buckets 23:00 to 01:00 closed: " + r.batches());
      assertEquals(11, r.brokerRestarts());
      assertTrue(r.reconnects() >= 1, "the forwarder reconnected after restarts: " + r.reconnects());
      assertEquals(1, r.keyRatchets(), "one midnight");
      assertEquals(24, r.series().size(), log.toString());
      assertEquals(List.of(), r.growth(), log.toString());
      assertTrue(r.records() > 0);
    }
  }
}
