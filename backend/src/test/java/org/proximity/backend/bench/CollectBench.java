package org.proximity.backend.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * PostgreSQL's are not in it), a figure that a busy shared machine disturbs less than the wall time,
 * and PostgreSQL's own CPU time.
 * Arguments: {@code sqlite|postgresql messages recordsPerMessage brokerInflight rounds} (Mosquitto's
 * max_inflight_messages, default 20; rounds of backlog and collection in one JVM, default 1).
 */
public final class CollectBench {
  private CollectBench() {}

  public static void main(String[] args) throws Exception {
    String db = args.length > 0 ? args[0] : "sqlite";
    int messages = args.length > 1 ? Integer.parseInt(args[1]) : 400;
    int perMessage = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    int inflight = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 1;
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
      // 2 and 3 per round: later rounds run with the JIT warm, as a long-running collector does
      for (int round = 1; round <= rounds; round++) {
        backlog(broker, (round - 1) * messages, messages, perMessage);
        long pg0 = pg != null ? pg.serverCpuNanos() : 0;
        collect(db, inflight, round, cfg, url, messages, perMessage);
        if (pg != null) {
          System.out.printf("PostgreSQL server CPU %.2f s%n", (pg.serverCpuNanos() - pg0) / 1e9);
        }
      }
    } finally {
      if (pg != null) {
        pg.close();
      }
    }
  }

  /** The backlog, published while no collector runs: seq {@code after + 1} onwards. */
  private static void backlog(MosquittoBroker broker, int after, int messages, int perMessage) throws Exception {
    List<byte[]> payloads = new ArrayList<>();
    for (int seq = after + 1; seq <= after + messages; seq++) {
      payloads.add(TestBatches.encounters("bay-" + (seq % 8), seq, perMessage));
    }
    try (Publisher pub = new Publisher(broker.url(), "bench-gw")) {
      for (int i = 0; i < payloads.size(); i++) {
        pub.publish(TestBatches.topic("bay-" + ((after + i + 1) % 8), "encounters"), payloads.get(i), false);
      }
    }
  }

  /** Timed: from the collector's start to its last commit. */
  private static void collect(String db, int inflight, int round, BackendConfig cfg, String url, int messages,
      int perMessage) throws Exception {
    long total = (long) messages * perMessage;
    try (Store store = Store.open(url, null, null); Collector c = collector(cfg, store)) {
      Map<Long, Long> threads0 = threadCpuNanos();
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
      System.out.printf("%s, broker window %d, round %d: %d records in %d messages of %d in %.2f s = %,.0f records/s"
          + "; collector CPU %.2f s = %,.0f records per CPU second (%d commits, mean %.1f ms)%n", db, inflight, round,
          total, messages, perMessage, s, total / s, cpu, total / cpu, snap.commits(), snap.meanCommitMicros() / 1000.0);
      System.out.println("CPU by thread: " + byThread(threads0, cpu));
    }
  }

  private static long cpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static Map<Long, Long> threadCpuNanos() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<Long, Long> cpu = new TreeMap<>();
    for (long id : mx.getAllThreadIds()) {
      cpu.put(id, Math.max(0, mx.getThreadCpuTime(id)));
    }
    return cpu;
  }

  /** Seconds of CPU per live thread since {@code before}, largest first; the rest of the JVM's (JIT, GC) last. */
  private static String byThread(Map<Long, Long> before, double processCpu) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, Double> seconds = new TreeMap<>();
    double java = 0;
    for (Map.Entry<Long, Long> t : threadCpuNanos().entrySet()) {
      ThreadInfo info = mx.getThreadInfo(t.getKey());
      double s = (t.getValue() - before.getOrDefault(t.getKey(), 0L)) / 1e9;
      if (info != null && s >= 0.05) {
        seconds.merge(info.getThreadName(), s, Double::sum);
        java += s;
      }
    }
    StringBuilder out = new StringBuilder();
    seconds.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> out.append(String.format("%s %.2f s, ", e.getKey(), e.getValue())));
    return out.append(String.format("JVM (JIT, GC, rest) %.2f s", processCpu - java)).toString();
  }

  private static Collector collector(BackendConfig cfg, Store store) throws Exception {
    return new Collector(cfg, MqttSettingsFactory.from(cfg.mqtt().broker(), cfg.collector().name()), store,
        Clock.systemUTC());
  }
}
