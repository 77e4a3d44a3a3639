package org.proximity.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.common.testing.MosquittoBroker;

/** {@code replay FILE --config gateway.toml} against a real Mosquitto broker. */
class ReplayPublishIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ANU = Path.of(System.getProperty("testdata.dir", "src/test/resources"),
      "captures", "anu2020-gaen-real-phone.pcap");
  @TempDir Path dir;

  private static Cli.Run replay(String... args) {
    return ReplayCommandTest.replay(args);
  }

  private Path config(MosquittoBroker broker) throws Exception {
    Path root = dir.resolve("root.key");
    Files.writeString(root, "00".repeat(31) + "2a\n");
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rw-------"));
    Path cfg = dir.resolve("gateway.toml");
    Files.writeString(cfg, String.join("\n",
        "site = \"" + MosquittoBroker.SITE + "\"",
        "gateway = \"bay-07\"",
        "[radio]",
        "source = \"bluez\"", // replaced by the capture
        "[keys]",
        "root_key_file = \"" + root + "\"",
        "[mqtt]",
        "url = \"" + broker.url() + "\"",
        "[outbox]",
        "dir = \"" + dir.resolve("outbox") + "\"",
        ""));
    return cfg;
  }

  private static List<JsonNode> records(List<byte[]> payloads) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (byte[] p : payloads) {
      JSON.readTree(new String(p, StandardCharsets.UTF_8)).get("records").forEach(out::add);
    }
    return out;
  }

  @Test
  void replayWithConfig_realGaenCapture_recordsArriveOnTheEncountersTopic() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.in(dir.resolve("broker")).start()) {
      List<byte[]> got = new CopyOnWriteArrayList<>();
      List<String> topics = new CopyOnWriteArrayList<>();
      broker.subscribe("backend", "proximity/#", (t, p) -> {
        if (t.endsWith("/encounters")) {
          topics.add(t);
          got.add(p);
        }
      });
      Cli.Run r = replay(ANU.toString(), "--config", config(broker).toString());
      assertEquals(0, r.exit(), r.err());
      assertEquals("", r.out());
      assertTrue(r.err().contains("  frames: 5"), r.err());
      assertTrue(r.err().contains("  by kind: gaen=5"), r.err());
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> records(got).size() >= 2);
      assertTrue(topics.stream().allMatch(("proximity/" + MosquittoBroker.SITE + "/bay-07/encounters")::equals), topics.toString());
      List<JsonNode> recs = records(got);
      // three distinct RPIs among the five frames, but the capture is not in time order (00:56 before 00:29):
      // how many sightings count as late depends on when the pipeline closes the first bucket
      assertTrue(recs.size() >= 2 && recs.size() <= 3, recs.toString());
      assertTrue(recs.stream().allMatch(n -> n.get("kind").asText().equals("gaen")));
      String all = got.stream().map(p -> new String(p, StandardCharsets.UTF_8)).reduce("", String::concat);
      assertFalse(all.contains("12ec68a558f69b3e332d303c222d6574"), "no raw RPI on the wire");
    }
  }

  /**
   * Issue 15: one rule for {@code partial} and one {@code clock.source} whichever way a capture is
   * replayed. A 45-minute station from 09:50: 09:30 began before the capture (partial), 10:00 was
   * heard whole, 10:30 was cut by the capture's end (partial).
   */
  @Test
  void replayWithConfigAndWithOut_sameBucketsSamePartialSameClock() throws Exception {
    SimulateCommandTest.Pipeline out = SimulateCommandTest.simulateAndReplay(dir, "--seed", "3",
        "--phones", "6", "--background", "2", "--minutes", "45", "--start", "2024-10-04T09:50:00Z");
    List<String> expected = List.of("2024-10-04T09:30:00Z partial=true capture", "2024-10-04T10:00:00Z partial=false capture",
        "2024-10-04T10:30:00Z partial=true capture");
    assertEquals(expected, buckets(out.batches()));
    try (MosquittoBroker broker = MosquittoBroker.in(dir.resolve("broker")).start()) {
      List<JsonNode> got = new CopyOnWriteArrayList<>();
      List<String> healthClock = new CopyOnWriteArrayList<>();
      broker.subscribe("backend", "proximity/#", (t, p) -> {
        if (t.endsWith("/encounters")) {
          got.add(tree(p));
        } else if (t.endsWith("/health")) {
          healthClock.add(tree(p).get("clock").toString());
        }
      });
      Cli.Run r = replay(out.pcap().toString(), "--config", config(broker).toString());
      assertEquals(0, r.exit(), r.err());
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> buckets(got).size() >= 3);
      assertEquals(expected, buckets(got));
      assertTrue(healthClock.stream().allMatch("{\"synced\":true,\"source\":\"capture\"}"::equals), healthClock.toString());
    }
  }

  private static JsonNode tree(byte[] payload) {
    try {
      return JSON.readTree(payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "start partial=… source" of each bucket, in order, once per bucket (parts repeat it). */
  private static List<String> buckets(List<JsonNode> batches) {
    return batches.stream().map(b -> b.get("bucket").get("start").asText() + " partial=" + b.get("partial").asBoolean()
        + " " + b.get("clock").get("source").asText()).distinct().sorted().toList();
  }

  @Test
  void replayWithConfig_corruptCapture_publishesWhatCameBeforeThenExits65WithOneLine() throws Exception {
    byte[] file = Files.readAllBytes(ANU);
    Path cut = dir.resolve("cut.pcap");
    Files.write(cut, Arrays.copyOf(file, 150 + 16 + 10)); // two whole frames, the third truncated
    try (MosquittoBroker broker = MosquittoBroker.in(dir.resolve("broker")).start()) {
      List<byte[]> got = new CopyOnWriteArrayList<>();
      broker.subscribe("backend", "proximity/#", (t, p) -> {
        if (t.endsWith("/encounters")) {
          got.add(p);
        }
      });
      Cli.Run r = replay(cut.toString(), "--config", config(broker).toString());
      assertEquals(65, r.exit(), r.err());
      List<String> faultLines = r.err().lines().filter(l -> l.contains("truncated record data")).toList();
      assertTrue(faultLines.stream().anyMatch(l -> l.contains("corrupt capture " + cut + ": frame 3 at byte 166")), r.err());
      assertFalse(r.err().contains("Exception"), r.err());
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> records(got).size() >= 2);
      assertEquals(2, records(got).size()); // frames 1 and 2 carry two different RPIs
    }
  }
}
