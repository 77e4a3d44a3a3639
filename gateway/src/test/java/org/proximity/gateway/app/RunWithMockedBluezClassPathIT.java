package org.proximity.gateway.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.proximity.common.testing.MosquittoBroker;
import org.proximity.gateway.TestStation;
import org.proximity.gateway.radio.RadioState;
import org.proximity.gateway.radio.bluez.DbusMockBluez;

/**
 * The service as systemd runs it ({@code run --config}, its own JVM) with {@code source = "bluez"}
 * and {@code source = "tinyb"} against the dbusmock BlueZ on a private bus (reached through
 * DBUS_SYSTEM_BUS_ADDRESS, as on a Pi through the default) and a real Mosquitto: GAEN and
 * Bluezone devices come out as encounter records; the adapter is unplugged and plugged back and
 * advertisements flow again within 30 s, with the recovery on the retained health topic; SIGTERM
 * publishes the open one-minute bucket as partial, so the test need not wait for a bucket to end.
 */
class RunWithMockedBluezClassPathIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GAEN_UUID = "0000fd6f-0000-1000-8000-00805f9b34fb";
  private static final String BLUEZONE_UUID = "00004e56-0000-1000-8000-00805f9b34fb";
  private static final String RPI_BEFORE = "00112233445566778899aabbccddeeff";
  private static final String RPI_AFTER = "ffeeddccbbaa99887766554433221100";
  private static final byte[] BLUEZONE_ID = HexFormat.of().parseHex("0102030405060708090a0b0c");
  private static final List<String> MACS = List.of("5A:11:22:33:44:55", "6B:11:22:33:44:66", "5A:11:22:33:44:77");

  @TempDir Path dir;

  @ParameterizedTest(name = "source = {0}")
  @ValueSource(strings = {"bluez", "tinyb"})
  void devicesBecomeRecordsOnTheBroker_andScanningSurvivesAnUnpluggedAdapter(String source) throws Exception {
    Files.createDirectories(dir.resolve("bus"));
    ConcurrentLinkedQueue<JsonNode> batches = new ConcurrentLinkedQueue<>();
    AtomicReference<JsonNode> health = new AtomicReference<>();
    try (DbusMockBluez mock = new DbusMockBluez(dir.resolve("bus"));
        MosquittoBroker broker = MosquittoBroker.in(dir.resolve("broker")).start()) {
      mock.addAdapter("hci0");
      // only the JSON topics: a throwing callback would make Paho drop the connection
      MqttClient sub = broker.subscribe("backend", "proximity/#", (topic, payload) -> {
        if (topic.endsWith("/health")) {
          health.set(parse(payload));
        } else if (topic.endsWith("/encounters")) {
          batches.add(parse(payload));
        }
      });
      Process gw = gateway(config(source, broker), mock.address());
      try {
        awaitOrExplain("radio scanning in the health topic", 60,
            () -> "SCANNING".equals(radio(health, "state")) || !gw.isAlive(), health);
        assertTrue(gw.isAlive(), log());

        String gaen = mock.addDevice("hci0", MACS.get(0));
        mock.setServiceData(gaen, GAEN_UUID, HexFormat.of().parseHex(RPI_BEFORE + "40080000"));
        String bz = mock.addDevice("hci0", MACS.get(1));
        mock.setUuids(bz, List.of(BLUEZONE_UUID));
        mock.setManufacturerData(bz, 0x22B5, BLUEZONE_ID);
        // RSSI changes keep coming, as from phones nearby (tinyb subscribes to a device only at its next poll)
        int[] tick = {0};
        awaitOrExplain("advertisements counted", 20, () -> {
          tick[0]++;
          mock.setRssi(gaen, -60 - tick[0] % 10);
          mock.setRssi(bz, -70 - tick[0] % 10);
          return byKind(health, "gaen") >= 3 && byKind(health, "bluezone") >= 3;
        }, health);

        // the dongle is unplugged: the adapter and its devices vanish from BlueZ
        mock.removeAdapterWithDevices("hci0");
        awaitOrExplain("adapter loss in the health topic", 20,
            () -> recovery(health, "adapter_losses") >= 1 && RadioState.WAITING_FOR_ADAPTER.name().equals(radio(health, "state")), health);
        long before = byKind(health, "gaen");
        long pluggedBackAt = System.nanoTime();
        mock.addAdapter("hci0");
        String again = mock.addDevice("hci0", MACS.get(2));
        mock.setServiceData(again, GAEN_UUID, HexFormat.of().parseHex(RPI_AFTER + "40080000"));
        awaitOrExplain("advertisements again within 30 s", 30, () -> {
          mock.setRssi(again, -55 - (int) (System.nanoTime() / 1_000_000 % 10));
          return byKind(health, "gaen") > before && recovery(health, "adapter_returns") >= 1;
        }, health);
        long recoveredMs = (System.nanoTime() - pluggedBackAt) / 1_000_000;
        awaitOrExplain("state back to SCANNING", 10, () -> "SCANNING".equals(radio(health, "state")), health);
        assertTrue(mock.adapterProperty("/org/bluez/hci0", "Discovering"), "discovery set up on the returned adapter");
        System.out.printf("%s: advertisements again %d ms after the adapter came back%n", source, recoveredMs);

        gw.destroy(); // SIGTERM: the open bucket is published as partial, the outbox drains
        assertTrue(gw.waitFor(60, TimeUnit.SECONDS), "stopped after SIGTERM");
        assertEquals(143, gw.exitValue(), log());
      } finally {
        gw.destroyForcibly();
      }
      awaitOrExplain("both GAEN ids and the Bluezone id on the broker", 20,
          () -> ids(batches, "gaen").size() >= 2 && ids(batches, "bluezone").size() >= 1, health);
      sub.disconnect();
      sub.close();

      assertEquals(2, ids(batches, "gaen").size(), "the RPI heard before the unplug and the one after it");
      assertEquals(1, ids(batches, "bluezone").size());
      assertTrue(batches.stream().anyMatch(b -> b.get("partial").asBoolean()), "SIGTERM published the open bucket");
      assertEquals(0, recovery(health, "action_failures"));
      assertFalse(health.get().path("radio").path("state").asText().equals(RadioState.FAILED.name()));
      String everything = batches.stream().map(JsonNode::toString).collect(Collectors.joining("\n"))
          + health.get() + log();
      for (String secret : List.of(RPI_BEFORE, RPI_AFTER, "0102030405060708090a0b0c")) {
        assertFalse(everything.toLowerCase().contains(secret), "a raw rolling id left the gateway");
      }
      for (String mac : MACS) {
        assertFalse(everything.toUpperCase().contains(mac) || everything.toUpperCase().contains(mac.replace(':', '_')),
            "a MAC address (or an object path holding one) was published or logged");
      }
    }
  }

  /** Waits, and on timeout fails with the gateway's log and the last health message. */
  private void awaitOrExplain(String what, int seconds, Callable<Boolean> condition,
      AtomicReference<JsonNode> health) {
    try {
      await(what).atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(200)).until(condition);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(what + " did not happen within " + seconds + " s; last health: " + health.get()
          + "\ngateway log:\n" + log(), e);
    }
  }

  private static JsonNode parse(byte[] payload) {
    try {
      return JSON.readTree(payload);
    } catch (IOException e) {
      throw new AssertionError("not JSON", e);
    }
  }

  private static String radio(AtomicReference<JsonNode> health, String field) {
    JsonNode h = health.get();
    return h == null ? null : h.path("radio").path(field).asText(null);
  }

  private static long recovery(AtomicReference<JsonNode> health, String field) {
    JsonNode h = health.get();
    return h == null ? 0 : h.path("radio").path("recovery").path(field).asLong();
  }

  private static long byKind(AtomicReference<JsonNode> health, String kind) {
    JsonNode h = health.get();
    return h == null ? 0 : h.path("advertisements").path("by_kind").path(kind).asLong();
  }

  private static Set<String> ids(ConcurrentLinkedQueue<JsonNode> batches, String kind) {
    return batches.stream().flatMap(b -> StreamSupport.stream(b.get("records").spliterator(), false))
        .filter(r -> kind.equals(r.get("kind").asText())).map(r -> r.get("id").asText()).collect(Collectors.toSet());
  }

  @ParameterizedTest(name = "source = {0}")
  @ValueSource(strings = {"bluez", "tinyb"})
  void noSystemBus_exits75SoThatSystemdStartsItAgain(String source) throws Exception {
    Process gw = gateway(config(source, "tcp://127.0.0.1:9"), "unix:path=" + dir.resolve("no-bus"));
    assertTrue(gw.waitFor(60, TimeUnit.SECONDS), "ended");
    assertEquals(75, gw.exitValue(), log());
    assertTrue(log().contains("run: the radio cannot start: "), log());
  }

  private Path config(String source, MosquittoBroker broker) throws IOException {
    return config(source, broker.url());
  }

  private Path config(String source, String brokerUrl) throws IOException {
    return TestStation.config(dir, brokerUrl, "source = \"" + source + "\"", "adapter = \"hci0\"");
  }

  /** How the service is started: from the test class path here, the packaged jar in the IT. */
  ProcessBuilder launch(Path cfg, Path log, String... extra) {
    return ServiceProcess.run(cfg, log, extra);
  }

  private Process gateway(Path cfg, String busAddress) throws IOException {
    ProcessBuilder pb = launch(cfg, dir.resolve("gateway.log"), "--health-period", "1s");
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
