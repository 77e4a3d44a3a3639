package org.proximity.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.common.cli.ExitCodes;
import org.proximity.gateway.radio.replay.CaptureFormat;
import org.proximity.gateway.radio.replay.CaptureReplay;

/**
 * {@code simulate} → pcap → {@code replay} → batches, checked against the ground truth by a backend
 * that shares no code with the gateway ({@link IndependentBackend}): the matchability and
 * privacy tests.
 */
class SimulateCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();
  /** A test site root key, not the privacy.md vector, so that nothing matches by accident. */
  static final String ROOT_HEX = "7f3c2a19e4d05b6a8c1f2e3d4c5b6a798877665544332211ffeeddccbbaa0099";

  /** The outputs of one simulate and one replay run. */
  record Pipeline(Cli.Run simulate, Cli.Run replay, Path pcap, JsonNode truth, List<JsonNode> batches) {}

  static Pipeline simulateAndReplay(Path dir, String... simulateArgs) throws Exception {
    Path pcap = dir.resolve("station.pcap");
    Path truth = dir.resolve("truth.json");
    Path root = Files.writeString(dir.resolve("root.key"), ROOT_HEX + "\n");
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rw-------"));
    List<String> args = new ArrayList<>(List.of("simulate", "--out", pcap.toString(), "--truth", truth.toString()));
    args.addAll(List.of(simulateArgs));
    Cli.Run sim = Cli.run(args.toArray(String[]::new));
    assertEquals(0, sim.exit(), sim.err());
    Cli.Run replay = Cli.run("replay", "--root-key", root.toString(), pcap.toString());
    assertEquals(0, replay.exit(), replay.err());
    List<JsonNode> batches = new ArrayList<>();
    for (String line : replay.out().split("\n")) {
      batches.add(JSON.readTree(line));
    }
    return new Pipeline(sim, replay, pcap, JSON.readTree(truth.toFile()), batches);
  }

  @Test
  void simulateThenReplay_acrossMidnight_publishedIdsAreExactlyThoseOfPhonesPresentInEachBucket(@TempDir Path dir)
      throws Exception {
    Pipeline p = simulateAndReplay(dir, "--seed", "11", "--phones", "12", "--background", "5",
        "--start", "2024-10-04T23:15:00Z", "--minutes", "90");
    List<IndependentBackend.Phone> phones = IndependentBackend.phones(p.truth());
    assertTrue(phones.stream().map(IndependentBackend.Phone::protocol).distinct().count() == 3,
        "all three protocols simulated");
    byte[] root = HEX.parseHex(ROOT_HEX);

    // published ids by bucket (parts merged)
    Map<Instant, List<JsonNode>> byBucket = new HashMap<>();
    Map<Instant, String> keyIds = new HashMap<>();
    int minutes = 0;
    for (JsonNode b : p.batches()) {
      Instant start = Instant.parse(b.get("bucket").get("start").asText());
      minutes = b.get("bucket").get("minutes").asInt();
      keyIds.put(start, b.get("key").asText());
      b.get("records").forEach(r -> byBucket.computeIfAbsent(start, s -> new ArrayList<>()).add(r));
    }
    assertEquals(List.of("2024-10-04T23:00:00Z", "2024-10-04T23:30:00Z", "2024-10-05T00:00:00Z", "2024-10-05T00:30:00Z"),
        keyIds.keySet().stream().sorted().map(Instant::toString).toList());

    int matched = 0;
    int throughout = 0;
    for (Instant start : keyIds.keySet()) {
      Instant end = start.plusSeconds(60L * minutes);
      byte[] dayKey = IndependentBackend.dayKey(root, Math.floorDiv(start.getEpochSecond(), 86_400));
      assertEquals(IndependentBackend.keyId(dayKey), keyIds.get(start), "key id of bucket " + start);
      // the backend's view: every raw ID on air in this bucket, under this day's key
      Map<String, IndependentBackend.OnAir> expected = new HashMap<>();
      for (IndependentBackend.Phone ph : phones) {
        for (IndependentBackend.OnAir o : ph.onAir()) {
          if (o.overlaps(start, end)) {
            expected.put(IndependentBackend.recordId(dayKey, o.kind(), o.raw()), o);
          }
        }
      }
      Set<String> published = new HashSet<>();
      for (JsonNode r : byBucket.getOrDefault(start, List.of())) {
        String id = r.get("id").asText();
        published.add(id);
        IndependentBackend.OnAir o = expected.get(id);
        if (o == null) {
          fail("bucket " + start + ": record " + id + " is no ID of a phone present in the bucket");
        }
        assertEquals(o.kind(), r.get("kind").asText());
        Instant first = Instant.parse(r.get("first").asText());
        Instant last = Instant.parse(r.get("last").asText());
        Instant onFrom = o.from().isAfter(start) ? o.from() : start;
        Instant onTo = o.to().isBefore(end) ? o.to() : end;
        assertFalse(first.isBefore(onFrom.truncatedTo(ChronoUnit.SECONDS)),
            "phone " + o.phone() + " seen before its ID was on air");
        assertTrue(last.isBefore(onTo), "phone " + o.phone() + " seen after its ID left the air");
        assertEquals("gaen".equals(o.kind()), r.has("aem"), "aem exactly on gaen records");
        matched++;
      }
      // every phone present for the whole bucket is found there, with every ID it had on air
      for (IndependentBackend.Phone ph : phones) {
        if (ph.protocol().equals("bluezone_ios") || !ph.presentThroughout(start, end)) {
          continue;
        }
        throughout++;
        for (IndependentBackend.OnAir o : ph.onAir()) {
          if (o.overlaps(start, end)) {
            assertTrue(published.contains(IndependentBackend.recordId(dayKey, o.kind(), o.raw())),
                "phone " + ph.number() + " (" + ph.protocol() + ") present throughout bucket " + start + " is missing");
          }
        }
      }
    }
    assertTrue(matched > 30 && throughout > 0, "records matched: " + matched + ", phones present throughout a bucket: " + throughout);
  }

  @Test
  void simulateThenReplay_anHour_noRawIdMacOrKeyInPayloadsOrStderr(@TempDir Path dir) throws Exception {
    Pipeline p = simulateAndReplay(dir, "--seed", "3", "--phones", "10", "--background", "8", "--minutes", "60");
    Set<String> secrets = new HashSet<>();
    for (byte[] id : IndependentBackend.allDerivableIds(p.truth())) {
      secrets.add(HEX.formatHex(id));
    }
    int ids = secrets.size();
    byte[] root = HEX.parseHex(ROOT_HEX);
    secrets.add(ROOT_HEX);
    for (long day = 20_000; day <= 20_001; day++) { // the run's day and the next
      secrets.add(HEX.formatHex(IndependentBackend.dayKey(root, day)));
    }
    for (JsonNode ph : p.truth().get("phones")) {
      for (JsonNode k : ph.path("keys")) {
        secrets.add(k.has("tek") ? k.get("tek").asText() : k.get("daily_key").asText());
      }
    }
    Set<Long> macs = new HashSet<>();
    CaptureReplay.run(p.pcap(), CaptureFormat.PCAP, a -> macs.add(a.address().value()));
    for (long mac : macs) {
      String be = String.format("%012x", mac);
      StringBuilder le = new StringBuilder();
      StringBuilder colons = new StringBuilder();
      for (int i = 0; i < 6; i++) {
        le.append(be, 10 - 2 * i, 12 - 2 * i);
        colons.append(i == 0 ? "" : ":").append(be, 2 * i, 2 * i + 2);
      }
      secrets.addAll(List.of(be, le.toString(), colons.toString()));
    }
    assertTrue(ids > 1000 && macs.size() > 20, ids + " ids, " + macs.size() + " addresses");
    String published = String.join("\n", p.replay().out(), p.replay().err(), p.simulate().out(), p.simulate().err())
        .toLowerCase(Locale.ROOT);
    assertTrue(p.batches().size() >= 2 && published.contains("\"records\":[{"), "records were published");
    for (String s : secrets) {
      if (published.contains(s)) {
        fail("a raw ID, address or key appears in a payload or on stderr (value withheld)");
      }
    }
  }

  @Test
  void simulate_truthFile_formatKeysAndPresenceOwnerOnly(@TempDir Path dir) throws Exception {
    Path pcap = dir.resolve("s.pcap");
    Path truth = dir.resolve("t.json");
    Cli.Run run = Cli.run("simulate", "--seed", "5", "--phones", "20", "--minutes", "20",
        "--start", "2024-10-04T10:00:00Z", "--out", pcap.toString(), "--truth", truth.toString());
    assertEquals(0, run.exit(), run.err());
    assertEquals("", run.out());
    assertTrue(run.err().contains("advertisements: ") && run.err().contains("phones: "), run.err());
    JsonNode t = JSON.readTree(truth.toFile());
    assertEquals("proximity-gateway/simulate-truth/1", t.get("format").asText());
    assertEquals(5, t.get("seed").asLong());
    assertEquals("2024-10-04T10:00:00Z", t.get("start").asText());
    assertEquals("2024-10-04T10:20:00Z", t.get("end").asText());
    assertTrue(t.get("phones").size() >= 20);
    for (JsonNode ph : t.get("phones")) {
      String protocol = ph.get("protocol").asText();
      JsonNode present = ph.get("present").get(0);
      assertFalse(Instant.parse(present.get("from").asText()).isBefore(Instant.parse("2024-10-04T10:00:00Z")));
      assertFalse(Instant.parse(present.get("to").asText()).isAfter(Instant.parse("2024-10-04T10:20:00Z")));
      switch (protocol) {
        case "gaen" -> {
          assertEquals(1, ph.get("keys").size());
          assertTrue(ph.get("keys").get(0).get("tek").asText().matches("[0-9a-f]{32}"));
          assertEquals(20_000 * 144, ph.get("keys").get(0).get("rolling_start_interval_number").asInt());
        }
        case "bluezone" -> {
          assertTrue(ph.get("keys").get(0).get("daily_key").asText().matches("[0-9a-f]{64}"));
          assertEquals("2024-10-04", ph.get("keys").get(0).get("day").asText());
        }
        case "bluezone_ios" -> assertFalse(ph.has("keys"), "an iPhone's ID is never on air");
        default -> fail("protocol " + protocol);
      }
    }
    if (Files.getFileStore(truth).supportsFileAttributeView("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(truth)));
    }
    // deterministic: the same options give the same bytes
    Path pcap2 = dir.resolve("s2.pcap");
    Path truth2 = dir.resolve("t2.json");
    assertEquals(0, Cli.run("simulate", "--seed", "5", "--phones", "20", "--minutes", "20",
        "--start", "2024-10-04T10:00:00Z", "--out", pcap2.toString(), "--truth", truth2.toString()).exit());
    assertArrayEquals(Files.readAllBytes(pcap), Files.readAllBytes(pcap2));
    assertArrayEquals(Files.readAllBytes(truth), Files.readAllBytes(truth2));
  }

  @Test
  void simulate_badOptions_exit2NamingTheOption(@TempDir Path dir) {
    String out = dir.resolve("o.pcap").toString();
    String truth = dir.resolve("t.json").toString();
    Cli.Run badStart = Cli.run("simulate", "--start", "yesterday", "--out", out, "--truth", truth);
    assertEquals(ExitCodes.USAGE, badStart.exit());
    assertTrue(badStart.err().contains("--start must be an ISO-8601"), badStart.err());
    Cli.Run badMinutes = Cli.run("simulate", "--minutes", "0", "--out", out, "--truth", truth);
    assertEquals(ExitCodes.USAGE, badMinutes.exit());
    assertTrue(badMinutes.err().contains("--minutes must be between 1"), badMinutes.err());
    Cli.Run noTruth = Cli.run("simulate", "--out", out);
    assertEquals(ExitCodes.USAGE, noTruth.exit());
    Cli.Run badLoss = Cli.run("simulate", "--loss", "1", "--out", out, "--truth", truth);
    assertEquals(ExitCodes.USAGE, badLoss.exit());
    assertTrue(badLoss.err().contains("lossRate"), badLoss.err());
    assertNotNull(badLoss.out());
  }
}
