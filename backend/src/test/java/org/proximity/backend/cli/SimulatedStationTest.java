package org.proximity.backend.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.backend.export.DiagnosisKey;
import org.proximity.contract.payload.BatchDecoder;
import org.proximity.contract.payload.EncounterMessage;
import org.proximity.contract.payload.EncounterRecord;
import org.proximity.contract.rollingid.BluezoneKeySchedule;
import org.proximity.contract.rollingid.GaenKeySchedule;
import org.proximity.contract.rollingid.RecordIdHasher;
import org.proximity.contract.rollingid.SiteRootKey;
import org.proximity.gateway.cli.Main;

/**
 * The ground-truth test: the gateway's {@code simulate --truth} makes four hours of a busy
 * station across midnight (about two thousand phones), {@code replay} hashes it into batches, a few
 * phones "test positive", and {@code match} must find every record of theirs, exactly once, and
 * nothing of anyone else, and every positive phone must show up in each bucket where it stayed.
 * Which phone each published record belongs to comes from the truth's keys.
 */
class SimulatedStationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();
  private static final String ROOT_HEX = "7f3c2a19e4d05b6a8c1f2e3d4c5b6a798877665544332211ffeeddccbbaa0099";
  private static final SiteRootKey ROOT = SiteRootKey.parseHex(ROOT_HEX);
  private static final int REPORT_EVERY = 40;
  private static final Instant MIDNIGHT = Instant.parse("2024-10-05T00:00:00Z");

  @TempDir static Path dir;
  static JsonNode truth;
  static Path records;
  static Path rootKey;
  /** Record id (per bucket) of every published record → the phone and key that produced it. */
  static final Map<String, Owner> owners = new HashMap<>();
  static final List<Published> published = new ArrayList<>();

  record Owner(int phone, String protocol, String keyHex) {}

  record Published(String bucketStart, String id) {
    String ref() {
      return bucketStart + "/" + id;
    }
  }

  @BeforeAll
  static void station() throws Exception {
    Path pcap = dir.resolve("station.pcap");
    Path truthFile = dir.resolve("truth.json");
    assertEquals(0, Main.run("simulate", "--seed", "5", "--phones", "120",
        "--background", "2", "--minutes", "240", "--start", "2024-10-04T22:00:00Z",
        "--out", pcap.toString(), "--truth", truthFile.toString()));
    rootKey = MatchFixtures.rootKey(dir, "root.key", ROOT_HEX);
    records = dir.resolve("records.jsonl");
    assertEquals(0, Main.run("replay", "--root-key", rootKey.toString(),
        "--out", records.toString(), pcap.toString()));
    Files.delete(pcap);
    truth = JSON.readTree(truthFile.toFile());
    Map<String, Owner> byRawIdHash = ownersOfEveryDerivableId();
    for (String line : Files.readAllLines(records)) {
      EncounterMessage m = BatchDecoder.decode(line.getBytes());
      for (EncounterRecord r : m.batch().records()) {
        Published p = new Published(m.batch().bucket().start().toString(), r.id());
        Owner o = byRawIdHash.get(m.batch().bucket().epochDay() + "/" + r.id());
        if (o == null) {
          fail("record " + p.ref() + " is no ID of any simulated phone");
        }
        owners.put(p.ref(), o);
        published.add(p);
      }
    }
  }

  /** Every raw ID each phone's keys give, hashed under K(d) of each day of the run. */
  private static Map<String, Owner> ownersOfEveryDerivableId() {
    long firstDay = Instant.parse(truth.get("start").asText()).getEpochSecond() / 86_400;
    long lastDay = Instant.parse(truth.get("end").asText()).minusSeconds(1).getEpochSecond() / 86_400;
    Map<String, Owner> out = new HashMap<>();
    for (long d = firstDay; d <= lastDay; d++) {
      RecordIdHasher h = ROOT.dayKey(d).hasher();
      for (JsonNode p : truth.get("phones")) {
        int n = p.get("number").asInt();
        String protocol = p.get("protocol").asText();
        for (JsonNode k : p.path("keys")) {
          if (protocol.equals("gaen")) {
            byte[] tek = HEX.parseHex(k.get("tek").asText());
            byte[] rpis = GaenKeySchedule.rpis(GaenKeySchedule.rpik(tek), k.get("rolling_start_interval_number").asInt(), 144);
            for (int i = 0; i < 144; i++) {
              byte[] rpi = Arrays.copyOfRange(rpis, 16 * i, 16 * i + 16);
              out.put(d + "/" + HEX.formatHex(h.recordId(RecordIdHasher.GAEN, rpi)), new Owner(n, protocol, HEX.formatHex(tek)));
            }
          } else {
            for (byte[] id : BluezoneKeySchedule.bluezoneIds(HEX.parseHex(k.get("daily_key").asText()), 96)) {
              out.put(d + "/" + HEX.formatHex(h.recordId(RecordIdHasher.BLUEZONE, id)), new Owner(n, protocol, null));
            }
          }
        }
      }
    }
    return out;
  }

  /** Every REPORT_EVERY-th phone of a protocol "tests positive", and the first three there at midnight. */
  private static List<JsonNode> reported(String protocol) {
    List<JsonNode> out = new ArrayList<>();
    int seen = 0;
    int atMidnight = 0;
    for (JsonNode p : truth.get("phones")) {
      if (!p.get("protocol").asText().equals(protocol)) {
        continue;
      }
      boolean straddles = Instant.parse(p.get("present").get(0).get("from").asText()).isBefore(MIDNIGHT)
          && Instant.parse(p.get("present").get(0).get("to").asText()).isAfter(MIDNIGHT.plusSeconds(600));
      if (seen++ % REPORT_EVERY == 0 || (straddles && atMidnight++ < 3)) {
        out.add(p);
      }
    }
    return out;
  }

  @Test
  void gaen_reportedPhonesFoundInEveryBucketTheyStayedInOnceEach_noOtherPhone() throws Exception {
    List<JsonNode> positives = reported("gaen");
    List<DiagnosisKey> keys = new ArrayList<>();
    for (JsonNode p : positives) {
      for (JsonNode k : p.get("keys")) {
        keys.add(DiagnosisKey.ofDay(HEX.parseHex(k.get("tek").asText()), k.get("rolling_start_interval_number").asInt()));
      }
    }
    Path[] export = MatchFixtures.export(Files.createTempDirectory(dir, "gaen"), keys, List.of());
    Cli.Run run = Cli.run("match", "--root-key", rootKey.toString(), "--records", records.toString(),
        "--gaen-export", export[0].toString(), "--gaen-public-key", export[1].toString());
    assertEquals(0, run.exit(), run.err());
    checkExposures(run, positives, "gaen");
  }

  @Test
  void bluezone_reportedPhonesFromTheirFirstDayToTheEnd_acrossMidnight_noOtherPhone() throws Exception {
    List<JsonNode> positives = reported("bluezone");
    long end = Instant.parse(truth.get("end").asText()).getEpochSecond();
    StringJoiner data = new StringJoiner(",", "{\"data\":[", "]}");
    for (JsonNode p : positives) {
      JsonNode first = p.get("keys").get(0); // later days follow from the chain
      long midnight = LocalDate.parse(first.get("day").asText()).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
      data.add("{\"daily_key\":\"" + first.get("daily_key").asText() + "\",\"time_start\":" + midnight
          + ",\"time_end\":" + end + ",\"max\":96}");
    }
    Path message = Files.writeString(Files.createTempDirectory(dir, "bz").resolve("infected.json"), data.toString());
    Cli.Run run = Cli.run("match", "--root-key", rootKey.toString(), "--records", records.toString(),
        "--bluezone", message.toString());
    assertEquals(0, run.exit(), run.err());
    checkExposures(run, positives, "bluezone");
  }

  private static void checkExposures(Cli.Run run, List<JsonNode> positives, String protocol) throws Exception {
    Set<Integer> reported = new HashSet<>();
    positives.forEach(p -> reported.add(p.get("number").asInt()));
    Set<String> expected = new HashSet<>();
    Set<Integer> phonesSeen = new HashSet<>();
    for (Published p : published) {
      Owner o = owners.get(p.ref());
      phonesSeen.add(o.phone());
      if (reported.contains(o.phone())) {
        expected.add(p.ref());
      }
    }
    Set<String> matched = new HashSet<>();
    Map<Integer, Set<String>> bucketsOfPhone = new HashMap<>();
    for (String line : run.out().lines().toList()) {
      JsonNode j = JSON.readTree(line);
      String ref = j.get("bucket").get("start").asText() + "/" + j.get("record").asText();
      assertTrue(matched.add(ref), "one line per record: " + ref + " twice");
      Owner o = owners.get(ref);
      assertTrue(o != null && reported.contains(o.phone()), "matched a record of an unreported phone: " + ref);
      assertEquals(protocol, j.get("kind").asText());
      if (o.keyHex() != null) {
        assertEquals(o.keyHex(), j.get("key").asText(), "the key that produced the RPI");
        assertTrue(j.has("tx_power"), "AEM decrypted: " + line);
      }
      bucketsOfPhone.computeIfAbsent(o.phone(), k -> new HashSet<>()).add(j.get("bucket").get("start").asText());
    }
    assertEquals(expected, matched, "exactly the records of the reported phones");
    // every reported phone is found in every bucket it spent at least five minutes in (it advertises
    // several times a second; the simulated radio misses a fifth of that)
    int checked = 0;
    for (JsonNode p : positives) {
      Instant from = Instant.parse(p.get("present").get(0).get("from").asText());
      Instant to = Instant.parse(p.get("present").get(0).get("to").asText());
      for (Instant b = Instant.parse(truth.get("start").asText()); b.isBefore(to); b = b.plusSeconds(1800)) {
        Instant a = from.isAfter(b) ? from : b;
        Instant z = to.isBefore(b.plusSeconds(1800)) ? to : b.plusSeconds(1800);
        if (a.plusSeconds(300).isBefore(z)) {
          checked++;
          assertTrue(bucketsOfPhone.getOrDefault(p.get("number").asInt(), Set.of()).contains(b.toString()),
              "phone " + p.get("number") + " present 5 minutes or more in bucket " + b + " is missing");
        }
      }
    }
    assertTrue(bucketsOfPhone.values().stream().anyMatch(b -> b.contains("2024-10-04T23:30:00Z")
        && b.contains("2024-10-05T00:00:00Z")), "a phone found on both sides of midnight");
    assertTrue(positives.size() >= 10 && checked >= positives.size() / 2 && expected.size() >= 20,
        positives.size() + " phones reported, " + checked + " buckets of presence checked, " + expected.size() + " records");
    assertTrue(phonesSeen.size() > 1000, "phones in the batches: " + phonesSeen.size());
  }
}
