package org.proximity.backend.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.proximity.backend.TestBatches;
import org.proximity.backend.TestConfigs;
import org.proximity.backend.collect.Collector;
import org.proximity.backend.collect.Publisher;
import org.proximity.backend.config.BackendConfig;
import org.proximity.backend.config.BackendConfigLoader;
import org.proximity.backend.store.PostgresCluster;
import org.proximity.backend.store.Store;
import org.proximity.common.mqtt.MqttSettingsFactory;
import org.proximity.common.testing.MosquittoBroker;

/**
 * Collecting speed (docs/benchmarks.md): a backlog of encounters messages waits in a real Mosquitto
 * for the collector's persistent session; the collector is started and timed until every record is
 * committed. Publishing is not timed. Also reports the collector JVM's CPU time (the broker's and
 * PostgreSQL's are not in it), a figure that a busy shared machine disturbs less than the wall time.
 * Arguments: {@code sqlite|postgresql messages recordsPerMessage brokerInflight} (Mosquitto's
 * max_inflight_messages, default 20).
 */
public final class CollectBench {
  private CollectBench() {}

  public static void main(String[] args) throws Exception {
    String db = args.length > 0 ? args[0] : "sqlite";
    int messages = args.length > 1 ? Integer.parseInt(args[1]) : 400;
    int perMessage = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    int inflight = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    Path dir = Files.createTempDirectory("pgw-collect-bench");
    PostgresCluster pg = db.equals("postgresql") ? PostgresCluster.start(true) : null;
    String url = pg != null ? pg.newDatabase() : dir.resolve("store.db").toString();
    try (MosquittoBroker broker = MosquittoBroker.in(dir.resolve("broker")).unboundedQueues()
        .maxInflightMessages(inflight).start()) {
      BackendConfig cfg = BackendConfigLoader.parse(TestConfigs.toml(broker.url(), url, "bench", "")
          .replace("health_seconds = 1", "health_seconds = 600"), "bench");
      // 1. the persistent session and its subscription exist before the backlog
      try (Store store = Store.open(url, null, null); Collector c = collector(cfg, store)) {
        c.start();
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2)); // the SUBACK; not part of the measurement
      }
      // 2. the backlog, published while no collector runs
      List<byte[]> payloads = new ArrayList<>();
      for (int seq = 1; seq <= messages; seq++) {
        payloads.add(TestBatches.encounters("bay-" + (seq % 8), seq, perMessage));
      }
      try (Publisher pub = new Publisher(broker.url(), "bench-gw")) {
        for (int i = 0; i < payloads.size(); i++) {
          pub.publish(TestBatches.topic("bay-" + ((i + 1) % 8), "encounters"), payloads.get(i), false);
        }
      }
      payloads.clear();
      // 3. timed: from start to the last commit
      long total = (long) messages * perMessage;
      try (Store store = Store.open(url, null, null); Collector c = collector(cfg, store)) {
        long t0 = System.nanoTime();
        long cpu0 = cpuNanos();
        c.start();
        while (c.stats().snapshot().records() < total) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
          if (System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(10)) {
            throw new IllegalStateException("only " + c.stats().snapshot().records() + " of " + total + " records");
          }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - cpu0) / 1e9;
        var snap = c.stats().snapshot();
        System.out.printf("%s, broker window %d: %d records in %d messages of %d in %.2f s = %,.0f records/s"
            + "; collector CPU %.2f s = %,.0f records per CPU second (%d commits, mean %.1f ms)%n", db, inflight, total,
            messages, perMessage, s, total / s, cpu, total / cpu, snap.commits(), snap.meanCommitMicros() / 1000.0);
      }
    } finally {
      if (pg != null) {
        pg.close();
      }
    }
  }

  private static long cpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static Collector collector(BackendConfig cfg, Store store) throws Exception {
    return new Collector(cfg, MqttSettingsFactory.from(cfg.mqtt().broker(), cfg.collector().name()), store,
        Clock.systemUTC());
  }
}
