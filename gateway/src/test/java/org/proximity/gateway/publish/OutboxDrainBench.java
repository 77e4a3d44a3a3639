package org.proximity.gateway.publish;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.proximity.common.mqtt.MqttSettings;
import org.proximity.common.testing.MosquittoBroker;
import org.proximity.contract.payload.BucketCounts;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.EncounterBatch;
import org.proximity.contract.payload.EncounterRecord;
import org.proximity.contract.payload.RssiSummary;
import org.proximity.contract.payload.TimeBucket;
import org.proximity.contract.payload.TopicScheme;
import org.proximity.gateway.clock.MonotonicClock;
import org.proximity.gateway.publish.file.FileOutbox;
import org.proximity.gateway.publish.paho.PahoMqttTransport;

/**
 * How fast a backlog drains from the file outbox to a local Mosquitto (docs/benchmarks.md,
 * "Outbox drain"). Not a test: run it as the doc says. Args: records (default 1,000,000),
 * records per message (default 500), in-flight window (default 32).
 */
public final class OutboxDrainBench {
  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int perMessage = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    int window = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    Path dir = Files.createTempDirectory("pgw-drain");
    try (MosquittoBroker broker = MosquittoBroker.in(dir.resolve("broker")).unboundedQueues().start()) {
      TopicScheme topics = new TopicScheme("proximity", "bench", "gw");
      FileOutbox outbox = FileOutbox.open(dir.resolve("outbox"),
          new FileOutbox.Options(4L << 30, Duration.ofDays(14), true, 4L << 20, Duration.ofSeconds(1)), InstantSource.system(),
          MonotonicClock.system());
      BatchPublisher publisher = new BatchPublisher(topics, outbox.sequence(), outbox, InstantSource.system(), perMessage, () -> {});
      long t0 = System.nanoTime();
      publisher.publish(batch(records));
      long messages = outbox.size();
      long bytes = outbox.stats().bytes();
      double fillS = (System.nanoTime() - t0) / 1e9;

      AtomicLong got = new AtomicLong();
      CountDownLatch all = new CountDownLatch(1);
      var sub = broker.subscribe("bench-backend", topics.encounters(), (t, p) -> {
        if (got.incrementAndGet() == messages) {
          all.countDown();
        }
      });
      Forwarder f = new Forwarder(outbox,
          new PahoMqttTransport(new MqttSettings(broker.url(), "gw", null, null, null, 30, 10, window)),
          topics, ReconnectPolicy.DEFAULT, window, MonotonicClock.system());
      long start = System.nanoTime();
      f.start();
      boolean drained = f.drain(Duration.ofMinutes(10));
      double ackS = (System.nanoTime() - start) / 1e9;
      all.await(2, TimeUnit.MINUTES);
      double e2eS = (System.nanoTime() - start) / 1e9;
      f.close();
      sub.disconnect();
      sub.close();
      outbox.close();
      System.out.printf("records %d in %d messages of %d (%.1f MB); fill %.1f s%n", records, messages, perMessage, bytes / 1e6, fillS);
      System.out.printf("drained (all PUBACKed): %s in %.2f s = %.0f records/s, %.0f messages/s%n",
          drained, ackS, records / ackS, messages / ackS);
      System.out.printf("received by the subscriber: %d of %d messages in %.2f s = %.0f records/s%n",
          got.get(), messages, e2eS, got.get() * (double) perMessage / e2eS);
    }
  }

  private static EncounterBatch batch(int n) {
    Instant start = Instant.parse("2024-10-04T10:00:00Z");
    List<EncounterRecord> rs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rs.add(new EncounterRecord(String.format("%032x", (long) i * 2654435761L), i % 3 == 0 ? "bluezone" : "gaen",
          start.plusSeconds(i % 1700), start.plusSeconds(i % 1700 + 60), 40 + i % 900,
          new RssiSummary(-95, -80, -61), i % 3 == 0 ? null : "72033874"));
    }
    return new EncounterBatch(new TimeBucket(start, BucketWidth.DEFAULT), "5f560cb5", rs,
        new BucketCounts(Map.of("gaen", 1L), Map.of("gaen", 1), 0, 0, 0), false);
  }
}
