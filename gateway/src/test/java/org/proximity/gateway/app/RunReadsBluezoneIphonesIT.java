package org.proximity.gateway.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.proximity.common.testing.MosquittoBroker;
import org.proximity.gateway.radio.bluez.DbusMockBluez;

/**
 * {@code run --config} (its own JVM) against the dbusmock BlueZ with Bluezone iPhones whose GATT
 * characteristic holds known IDs, and a real Mosquitto. With {@code read_ids = true} their records
 * are published under the record ids an independent derivation (docs/privacy.md, JDK only) gives
 * for those IDs, once per phone, and a phone that refuses is counted; with {@code read_ids =
 * false} no phone is ever asked to connect.
 */
class RunReadsBluezoneIphonesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();
  private static final List<String> IDS = List.of("101112131415161718191a1b", "202122232425262728292a2b", "303132333435363738393a3b");
  private static final List<String> MACS = List.of("4C:11:22:33:44:01", "4C:11:22:33:44:02", "4C:11:22:33:44:03");
  private static final String REFUSING_MAC = "4C:11:22:33:44:04";

  @TempDir Path dir;

  @ParameterizedTest(name = "read_ids = {0}")
  @ValueSource(booleans = {true, false})
  void iphonesAreReadOnlyWhenTurnedOn_underIndependentlyDerivedRecordIds(boolean readIds) throws Exception {
    Files.createDirectories(dir.resolve("bus"));
    ConcurrentLinkedQueue<JsonNode> batches = new ConcurrentLinkedQueue<>();
    AtomicReference<JsonNode> health = new AtomicReference<>();
    try (DbusMockBluez mock = new DbusMockBluez(dir.resolve("bus"));
        MosquittoBroker broker = MosquittoBroker.in(dir.resolve("broker")).start()) {
      mock.addAdapter("hci0");
      MqttClient sub = broker.subscribe("backend", "proximity/#", (topic, payload) -> {
        if (topic.endsWith("/health")) {
          health.set(parse(payload));
        } else if (topic.endsWith("/encounters")) {
          batches.add(parse(payload));
        }
      });
      Process gw = gateway(config(readIds, broker), mock.address());
      List<String> phones = new ArrayList<>();
      try {
        awaitOrExplain("radio scanning", 60, () -> "SCANNING".equals(health(health, "radio", "state")) || !gw.isAlive(), health);
        assertTrue(gw.isAlive(), log());
        for (int i = 0; i < IDS.size(); i++) {
          phones.add(mock.addBluezoneIphone("hci0", MACS.get(i), HEX.parseHex(IDS.get(i)), DbusMockBluez.Iphone.ANSWERS));
        }
        phones.add(mock.addBluezoneIphone("hci0", REFUSING_MAC, HEX.parseHex(IDS.get(0)), DbusMockBluez.Iphone.REFUSES));
        int[] tick = {0};
        awaitOrExplain("the iPhones heard (and read)", 60, () -> {
          tick[0]++;
          for (String p : phones) {
            mock.setRssi(p, -60 - tick[0] % 10);
          }
          JsonNode h = health.get();
          boolean heard = h != null && h.path("advertisements").path("by_kind").path("bluezone_ios").asLong() >= 40;
          return heard && (!readIds || reads(h, "reads") == 3 && reads(h, "refusals") == 1);
        }, health);
        gw.destroy(); // SIGTERM: the open bucket is published as partial
        assertTrue(gw.waitFor(60, TimeUnit.SECONDS), "stopped after SIGTERM");
      } finally {
        gw.destroyForcibly();
      }
      awaitOrExplain("the partial bucket on the broker", 20, () -> batches.stream().anyMatch(b -> b.get("partial").asBoolean()), health);
      sub.disconnect();
      sub.close();

      for (String p : phones) {
        assertEquals(readIds ? 1 : 0, mock.calls(p, "Connect"), "Connect calls of one phone");
      }
      Set<String> published = bluezoneIds(batches);
      if (readIds) {
        assertEquals(expectedRecordIds(batches), published, "the IDs read, hashed as an independent backend would");
        assertEquals(4, reads(health.get(), "attempts"));
        assertEquals(0, reads(health.get(), "timeouts"));
      } else {
        assertEquals(Set.of(), published);
        assertTrue(health.get().path("radio").path("bluezone_ios_reads").isMissingNode(), health.get().toString());
      }
      JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
          .getSchema(JSON.readTree(Path.of("../docs/schema/health.schema.json").toFile()));
      assertEquals(Set.of(), schema.validate(health.get()), "health with or without GATT reads fits its schema");
      String everything = batches.stream().map(JsonNode::toString).collect(Collectors.joining("\n")) + health.get() + log();
      for (String id : IDS) {
        assertFalse(everything.toLowerCase().contains(id), "a raw Bluezone ID left the gateway");
      }
      for (String mac : List.of(MACS.get(0), MACS.get(1), MACS.get(2), REFUSING_MAC)) {
        assertFalse(everything.toUpperCase().contains(mac) || everything.toUpperCase().contains(mac.replace(':', '_')),
            "a MAC address (or an object path holding one) was published or logged");
      }
    }
  }

  /** The record ids of the three IDs, under the day key of the day the published buckets start in. */
  private static Set<String> expectedRecordIds(ConcurrentLinkedQueue<JsonNode> batches) throws Exception {
    Set<Long> days = batches.stream().map(b -> Instant.parse(b.get("bucket").get("start").asText()).getEpochSecond() / 86_400)
        .collect(Collectors.toSet());
    assertEquals(1, days.size(), "the test ran within one UTC day: " + days);
    byte[] k = hmac(HEX.parseHex(ServiceProcess.ROOT), "pgw1-day-0".getBytes(StandardCharsets.US_ASCII));
    for (long d = 0; d < days.iterator().next(); d++) {
      k = hmac(k, "pgw1-ratchet".getBytes(StandardCharsets.US_ASCII));
    }
    Set<String> out = new HashSet<>();
    for (String id : IDS) {
      byte[] tag = "bluezone\0".getBytes(StandardCharsets.US_ASCII);
      byte[] raw = HEX.parseHex(id);
      byte[] data = new byte[tag.length + raw.length];
      System.arraycopy(tag, 0, data, 0, tag.length);
      System.arraycopy(raw, 0, data, tag.length, raw.length);
      out.add(HEX.formatHex(hmac(k, data), 0, 16));
    }
    return out;
  }

  private static byte[] hmac(byte[] key, byte[] data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data);
  }

  private static Set<String> bluezoneIds(ConcurrentLinkedQueue<JsonNode> batches) {
    return batches.stream().flatMap(b -> StreamSupport.stream(b.get("records").spliterator(), false))
        .filter(r -> "bluezone".equals(r.get("kind").asText())).map(r -> r.get("id").asText()).collect(Collectors.toSet());
  }

  private static JsonNode parse(byte[] payload) {
    try {
      return JSON.readTree(payload);
    } catch (IOException e) {
      throw new AssertionError("not JSON", e);
    }
  }

  private static long reads(JsonNode h, String field) {
    return h == null ? -1 : h.path("radio").path("bluezone_ios_reads").path(field).asLong(-1);
  }

  private static String health(AtomicReference<JsonNode> health, String object, String field) {
    JsonNode h = health.get();
    return h == null ? null : h.path(object).path(field).asText(null);
  }

  private void awaitOrExplain(String what, int seconds, Callable<Boolean> condition,
      AtomicReference<JsonNode> health) {
    try {
      await(what).atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(200)).until(condition);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(what + " did not happen within " + seconds + " s; last health: " + health.get()
          + "\ngateway log:\n" + log(), e);
    }
  }

  private Path config(boolean readIds, MosquittoBroker broker) throws IOException {
    Path cfg = dir.resolve("gateway.toml");
    Files.writeString(cfg, String.join("\n",
        "site = \"" + MosquittoBroker.SITE + "\"",
        "gateway = \"bay-03\"",
        "[radio]",
        "source = \"bluez\"",
        "[radio.bluezone_ios]",
        "read_ids = " + readIds,
        "max_per_minute = 30",
        "connect_timeout_seconds = 5",
        "[keys]",
        "root_key_file = \"" + ServiceProcess.rootKey(dir) + "\"",
        "[buckets]",
        "minutes = 1440",
        "[clock]",
        "sync = \"trust\"",
        "[mqtt]",
        "url = \"" + broker.url() + "\"",
        "[outbox]",
        "dir = \"" + dir.resolve("state/outbox") + "\"",
        ""));
    return cfg;
  }

  private Process gateway(Path cfg, String busAddress) throws IOException {
    ProcessBuilder pb = ServiceProcess.run(cfg, dir.resolve("gateway.log"), "--health-period", "1s");
    pb.environment().put("DBUS_SYSTEM_BUS_ADDRESS", busAddress);
    return pb.start();
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("gateway.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
