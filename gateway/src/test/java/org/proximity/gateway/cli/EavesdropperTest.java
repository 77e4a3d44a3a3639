package org.proximity.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT eavesdropper of docs/privacy.md: every published payload and every diagnosis key (every
 * simulated phone's TEK), but no site key. It runs the AEM attack that linked every record of
 * encounters/1 (decrypt each published {@code aem} under each candidate RPI's AEM keystream and look
 * for the metadata pattern {@code 40 ?? 00 00}). The backend runs the same attack after unsealing
 * with {@code K(d)}, so the test also shows that the attack finds what is there to find.
 */
class EavesdropperTest {
  private static final HexFormat HEX = HexFormat.of();

  /** One candidate RPI of a published TEK: who it belongs to and its AEM keystream. */
  private record Candidate(int phone, byte[] rpi, byte[] keystream) {}

  /** A published GAEN record: its bucket's day and its published aem. */
  private record Published(String id, long epochDay, byte[] aem) {}

  private static List<Candidate> candidates;
  private static List<Published> published;
  private static Map<String, Integer> trueOwner;

  @BeforeAll
  static void station(@TempDir Path dir) throws Exception {
    SimulateCommandTest.Pipeline p = SimulateCommandTest.simulateAndReplay(dir, "--seed", "5", "--phones", "30",
        "--background", "5", "--start", "2024-10-04T22:00:00Z", "--minutes", "120");
    byte[] root = HEX.parseHex(SimulateCommandTest.ROOT_HEX);
    candidates = new ArrayList<>();
    for (JsonNode ph : p.truth().get("phones")) {
      if (!ph.get("protocol").asText().equals("gaen")) {
        continue;
      }
      int phone = ph.get("number").asInt();
      for (JsonNode k : ph.get("keys")) {
        byte[] tek = HEX.parseHex(k.get("tek").asText());
        byte[] rpik = IndependentBackend.hkdf16(tek, "EN-RPIK");
        byte[] aemk = IndependentBackend.hkdf16(tek, "EN-AEMK");
        int rsin = k.get("rolling_start_interval_number").asInt();
        for (int j = rsin; j < rsin + 144; j++) {
          byte[] rpi = IndependentBackend.rpi(rpik, j);
          candidates.add(new Candidate(phone, rpi, IndependentBackend.aemKeystream(aemk, rpi)));
        }
      }
    }
    published = new ArrayList<>();
    trueOwner = new HashMap<>();
    Map<Long, byte[]> dayKeys = new HashMap<>();
    for (JsonNode b : p.batches()) {
      long day = Math.floorDiv(Instant.parse(b.get("bucket").get("start").asText()).getEpochSecond(), 86_400);
      for (JsonNode r : b.get("records")) {
        if (r.get("kind").asText().equals("gaen")) {
          published.add(new Published(r.get("id").asText(), day, HEX.parseHex(r.get("aem").asText())));
        }
      }
      if (!dayKeys.containsKey(day)) {
        // ground truth for scoring only: which phone each record id of the day belongs to
        byte[] dayKey = dayKey(root, day);
        dayKeys.put(day, dayKey);
        for (Candidate c : candidates) {
          trueOwner.put(IndependentBackend.recordId(dayKey, "gaen", c.rpi()), c.phone());
        }
      }
    }
  }

  @Test
  void aemAttack_everyTekAndEveryPayloadButNoSiteKey_linksNoRecord() {
    assertTrue(published.size() > 100, "GAEN records published: " + published.size());
    int correct = 0;
    int wrong = 0;
    for (Published r : published) {
      for (Candidate c : candidates) {
        if (looksLikeMetadata(IndependentBackend.xor(r.aem(), c.keystream()))) {
          if (Integer.valueOf(c.phone()).equals(trueOwner.get(r.id()))) {
            correct++;
          } else {
            wrong++;
          }
        }
      }
    }
    assertEquals(0, correct, "records linked to their diagnosis key without the site key");
    // chance hits on a 24-bit pattern: ~records × candidates / 2^24, far below one record in ten
    assertTrue(wrong < published.size() / 10, "chance pattern hits: " + wrong);
  }

  @Test
  void aemAttack_withTheDayKey_unsealsToTheMetadataThePhonesSent() throws Exception {
    byte[] root = HEX.parseHex(SimulateCommandTest.ROOT_HEX);
    int linked = 0;
    for (Published r : published) {
      byte[] dayKey = dayKey(root, r.epochDay());
      for (Candidate c : candidates) {
        if (!IndependentBackend.recordId(dayKey, "gaen", c.rpi()).equals(r.id())) {
          continue;
        }
        byte[] aem = IndependentBackend.xor(r.aem(), IndependentBackend.aemSealMask(dayKey, c.rpi()));
        byte[] metadata = IndependentBackend.xor(aem, c.keystream());
        assertTrue(looksLikeMetadata(metadata), "record " + r.id() + " metadata " + HEX.formatHex(metadata));
        // the simulator's phones advertise TX power -20..8 dBm (GaenPhone)
        assertTrue(metadata[1] >= -20 && metadata[1] <= 8, "TX power " + metadata[1]);
        linked++;
      }
    }
    assertEquals(published.size(), linked, "every GAEN record unseals and decrypts with K(d) and its TEK");
  }

  private static boolean looksLikeMetadata(byte[] m) {
    return m[0] == 0x40 && m[2] == 0 && m[3] == 0;
  }

  private static byte[] dayKey(byte[] root, long day) {
    try {
      return IndependentBackend.dayKey(root, day);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
