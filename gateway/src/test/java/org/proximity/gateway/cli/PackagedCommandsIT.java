package org.proximity.gateway.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.common.cli.ExitCodes;
import org.proximity.common.testing.MosquittoBroker;
import org.proximity.gateway.PackagedJar;
import org.proximity.gateway.TestStation;

/**
 * Every command of the packaged jar ({@code java -jar proximity-gateway.jar}) at least once, and
 * {@code run} with the simulator and replay sources publishing to a real Mosquitto ({@code bluez}
 * and {@code tinyb}: RunWithMockedBluezIT). {@code demo} is left to the demo module, where the
 * embedded broker goes (the service's jar will carry none).
 */
class PackagedCommandsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  record Result(int exit, String out, String err) {}

  /** Runs the jar to completion (at most two minutes), stdin from {@code input}. */
  Result jar(String input, String... args) throws IOException, InterruptedException {
    return jar(List.of(), input, args);
  }

  /** The same, with options for the JVM. */
  Result jar(List<String> jvmOptions, String input, String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(PackagedJar.command(jvmOptions, args)).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("java -jar " + List.of(args) + " did not end: " + Files.readString(err));
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private Path rootKey() throws IOException {
    return TestStation.rootKey(dir);
  }

  private Path config(MosquittoBroker broker, String... radio) throws IOException {
    return TestStation.config(dir, broker.url(), radio);
  }

  /** A simulated station as a pcap, by the jar's own {@code simulate}. */
  private Path simulatedCapture() throws Exception {
    Path pcap = dir.resolve("station.pcap");
    Result r = jar("", "simulate", "--out", pcap.toString(), "--truth", dir.resolve("truth.json").toString(),
        "--minutes", "3", "--phones", "5", "--background", "3");
    assertEquals(0, r.exit(), r.err());
    assertTrue(Files.size(pcap) > 24, "more than a pcap header");
    return pcap;
  }

  private static List<JsonNode> records(ConcurrentLinkedQueue<JsonNode> batches) {
    List<JsonNode> out = new ArrayList<>();
    batches.forEach(b -> b.get("records").forEach(out::add));
    return out;
  }

  private static JsonNode parse(byte[] payload) {
    try {
      return JSON.readTree(payload);
    } catch (IOException e) {
      throw new AssertionError("not JSON", e);
    }
  }

  private MqttClient encounters(MosquittoBroker broker, ConcurrentLinkedQueue<JsonNode> batches) throws Exception {
    return broker.subscribe("backend", "proximity/+/+/encounters", (t, p) -> batches.add(parse(p)));
  }

  @Test
  void version_isTheManifestsImplementationVersion() throws Exception {
    Result r = jar("", "--version");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().matches("proximity-gateway \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n"), r.out());
  }

  @Test
  void unknownCommand_isNamedAndExits2() throws Exception {
    Result r = jar("", "frobnicate");
    assertEquals(ExitCodes.USAGE, r.exit());
    assertTrue(r.err().contains("'frobnicate'"), r.err());
  }

  @Test
  void keysDeriveThenShow_namesTheDateAndKeyIdNeverTheKey() throws Exception {
    Path day = dir.resolve("day.key");
    Result derive = jar("", "keys", "derive", "--root-key", rootKey().toString(), "--date", "2024-10-04",
        "--out", day.toString());
    assertEquals(0, derive.exit(), derive.err());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(day)));
    Result show = jar("", "keys", "show", "--key-file", day.toString());
    assertEquals(0, show.exit(), show.err());
    assertTrue(show.out().contains("2024-10-04"), show.out());
    String key = Files.readString(day).trim().split(" ")[1];
    assertFalse((show.out() + show.err()).contains(key), "keys show printed the key");
  }

  @Test
  void checkConfig_goodFileIsOk_badValueNamesTheKeyAndExits78() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.in(dir.resolve("broker")).build()) {
      Path cfg = config(broker, "source = \"simulator\"");
      Result ok = jar("", "check-config", "--config", cfg.toString());
      assertEquals(0, ok.exit(), ok.out() + ok.err());
      Files.writeString(cfg, Files.readString(cfg).replace("minutes = 1", "minutes = 7"));
      Result bad = jar("", "check-config", "--config", cfg.toString());
      assertEquals(ExitCodes.CONFIG_ERROR, bad.exit(), bad.out() + bad.err());
      assertTrue(bad.err().contains("buckets.minutes"), bad.err());
      assertFalse(bad.err().contains("\tat "), "no stack trace: " + bad.err());
    }
  }

  @Test
  void decode_hexLineBecomesOneJsonLine() throws Exception {
    // Flags, then GAEN service data: 16 bytes of RPI and 4 of AEM
    Result r = jar("020106" + "03036ffd" + "17166ffd" + "00112233445566778899aabbccddeeff" + "40080000\n", "decode");
    assertEquals(0, r.exit(), r.err());
    JsonNode line = JSON.readTree(r.out());
    assertEquals("gaen", line.get("kind").asText(), r.out());
  }

  @Test
  void simulateThenReplay_capturesBecomeEncounterBatchesOnStdout() throws Exception {
    Path pcap = simulatedCapture();
    Result r = jar("", "replay", pcap.toString(), "--ephemeral-key", "--minutes", "1");
    assertEquals(0, r.exit(), r.err());
    List<String> lines = r.out().lines().toList();
    assertFalse(lines.isEmpty(), r.err());
    assertTrue(JSON.readTree(lines.get(0)).get("records").size() > 0, lines.get(0));
  }

  @Test
  void runWithReplaySource_publishesTheCaptureAndExits0() throws Exception {
    Path pcap = simulatedCapture();
    ConcurrentLinkedQueue<JsonNode> batches = new ConcurrentLinkedQueue<>();
    try (MosquittoBroker broker = MosquittoBroker.in(dir.resolve("broker")).start()) {
      MqttClient sub = encounters(broker, batches);
      Path cfg = config(broker, "source = \"replay\"", "[radio.replay]", "file = \"" + pcap + "\"");
      Result r = jar("", "run", "--config", cfg.toString());
      assertEquals(0, r.exit(), r.err());
      await("records on the broker").atMost(Duration.ofSeconds(20)).until(() -> !records(batches).isEmpty());
      assertTrue(records(batches).stream().anyMatch(x -> x.get("kind").asText().equals("gaen")), batches.toString());
      sub.disconnect();
      sub.close();
    }
  }

  /**
   * What the service's start-up no longer pays for (docs/benchmarks.md, "Start-up"): gateway.toml is
   * read without Jackson's object mapper, and Paho logs through SLF4J, so java.util.logging never
   * starts. Each cost about a tenth of a second on one core here, several times that on a Pi Zero.
   */
  @Test
  void replayWithConfig_startsWithoutAnObjectMapperOrJavaUtilLogging() throws Exception {
    Path pcap = simulatedCapture();
    Path loaded = dir.resolve("classes.txt");
    try (MosquittoBroker broker = MosquittoBroker.in(dir.resolve("broker")).start()) {
      Result r = jar(List.of("-Xlog:class+load:file=" + loaded + ":none"), "", "replay", pcap.toString(), "--config",
          config(broker).toString());
      assertEquals(0, r.exit(), r.err());
      assertTrue(r.err().contains("batches: "), r.err());
    }
    List<String> classes = Files.readAllLines(loaded).stream().map(l -> l.split(" ")[0]).toList();
    assertTrue(classes.contains("org.proximity.gateway.app.Service"), "the log names what was loaded");
    assertTrue(classes.contains("org.eclipse.paho.client.mqttv3.MqttAsyncClient"), "the service connected");
    assertFalse(classes.contains("com.fasterxml.jackson.databind.ObjectMapper"), "no object mapper");
    assertFalse(classes.contains("java.util.logging.LogManager"), "no java.util.logging");
  }

  /**
   * The bench's JSON from the packaged jar, through a real Mosquitto: the fields, nothing
   * lost, and CPU by thread that adds up to the whole (docs/benchmarks.md reads it).
   */
  @Test
  void benchJson_hasTheFieldsAndItsCpuByThreadAddsUp() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.in(dir.resolve("broker")).start()) {
      Result r = jar("", "bench", "--phones", "40", "--sim-minutes", "10", "--broker", broker.url(), "--json");
      assertEquals(0, r.exit(), r.err());
      JsonNode j = JSON.readTree(r.out());
      for (String field : List.of("adverts", "adverts_per_s", "cpu_ns_per_advert", "alloc_bytes_per_advert", "heap_peak_mb",
          "records", "batches", "publish_latency_ms_p50", "publish_latency_ms_p99", "lost", "distinct_ids", "gc_ms")) {
        assertTrue(j.has(field), field + " in " + j);
      }
      assertTrue(j.get("adverts").asLong() > 10_000, j.toString());
      assertEquals(0, j.get("lost").asLong(), j.toString());
      assertTrue(j.get("records").asLong() > 0 && j.get("distinct_ids").asLong() > 0, j.toString());
      JsonNode byThread = j.get("cpu_ns_per_advert_by_thread");
      assertTrue(byThread.get("pipeline").asDouble() > 0 && byThread.get("radio-bench").asDouble() > 0, byThread.toString());
      double sum = 0;
      for (JsonNode ns : byThread) {
        sum += ns.asDouble();
      }
      assertEquals(j.get("cpu_ns_per_advert").asDouble(), sum, 0.1 * byThread.size() + 0.1, byThread.toString());
    }
  }

  /** A chunk the heap cannot hold is a usage error naming both, not an OutOfMemoryError. */
  @Test
  void benchChunkPastHalfTheHeap_exit2WithOneLine() throws Exception {
    Result r = jar(List.of("-Xmx48m"), "", "bench", "--broker", "tcp://127.0.0.1:1", "--chunk", "2000000");
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("--chunk 2000000 needs 91 MB of heap (48 bytes an advertisement), more than half the "),
        r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void runWithSimulatorSource_publishesUntilSigterm_statusSaysRunningThenNot() throws Exception {
    ConcurrentLinkedQueue<JsonNode> batches = new ConcurrentLinkedQueue<>();
    try (MosquittoBroker broker = MosquittoBroker.in(dir.resolve("broker")).start()) {
      MqttClient sub = encounters(broker, batches);
      Path cfg = config(broker, "source = \"simulator\"", "[radio.simulator]", "phones = 20", "speed = 60.0");
      Path log = dir.resolve("run.log");
      Process gw = new ProcessBuilder(PackagedJar.command("run", "--config", cfg.toString()))
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        // at 60 simulated seconds per real second a one-minute bucket closes every second
        await("records on the broker").atMost(Duration.ofSeconds(60))
            .until(() -> !records(batches).isEmpty() || !gw.isAlive());
        assertTrue(gw.isAlive(), Files.readString(log));
        // status: from the file the service replaces every 5 s; the first one was written before the broker connected
        Result[] running = {null};
        await("status shows the connection").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
            .until(() -> (running[0] = jar("", "status", "--config", cfg.toString())).out().contains("broker      connected"));
        assertEquals(0, running[0].exit(), running[0].out() + running[0].err());
        assertTrue(running[0].out().contains("radio       simulator RUNNING"), running[0].out());
        assertTrue(running[0].out().contains("batches closed"), running[0].out());
        gw.destroy();
        assertTrue(gw.waitFor(60, TimeUnit.SECONDS), "stopped after SIGTERM");
        assertEquals(143, gw.exitValue(), Files.readString(log));
        Result stopped = jar("", "status", "--config", cfg.toString());
        assertEquals(StatusScreen.NOT_RUNNING, stopped.exit(), stopped.out());
        assertTrue(stopped.out().startsWith("proximity-gateway is NOT running: no status file"), stopped.out());
      } finally {
        gw.destroyForcibly();
      }
      sub.disconnect();
      sub.close();
    }
  }

  @Test
  void scanLive_simulator_printsFramesAndEndsAfterFor() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.in(dir.resolve("broker")).build()) {
      Path cfg = config(broker, "source = \"simulator\"");
      Result r = jar("", "scan", "--config", cfg.toString(), "--live", "--for", "3s");
      assertEquals(0, r.exit(), r.out() + r.err());
      assertTrue(r.out().toLowerCase().contains("gaen"), r.out());
    }
  }

  @Test
  void selftest_againstMosquitto_allChecksPass() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.in(dir.resolve("broker")).start()) {
      Path cfg = config(broker, "source = \"simulator\"");
      Result r = jar("", "selftest", "--config", cfg.toString());
      assertEquals(0, r.exit(), r.out() + r.err());
      assertTrue(r.out().contains("[ ok ] broker " + broker.url()), r.out());
      assertTrue(r.out().endsWith("selftest: all checks passed\n"), r.out());
    }
  }
}
