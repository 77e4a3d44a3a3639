package org.proximity.gateway.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.common.cli.ExitCodes;
import org.proximity.common.testing.MosquittoBroker;
import org.proximity.gateway.PackagedJar;
import org.proximity.gateway.TestStation;
import org.proximity.gateway.radio.bluez.DbusMockBluez;

/**
 * {@code selftest} from the packaged jar, against a real Mosquitto with passwords and an ACL and a
 * mocked BlueZ with a GAEN phone: the ACL that lets the gateway write passes the probe and the
 * retained commissioning report reaches the backend; a gateway name the ACL does not cover
 * (Mosquitto acknowledges and drops its publishes) fails the probe.
 */
class SelfTestCommissioningIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GAEN_UUID = "0000fd6f-0000-1000-8000-00805f9b34fb";
  @TempDir Path dir;

  record Run(int exit, String out) {}

  private Run selftest(MosquittoBroker broker, String gateway, String busAddress) throws Exception {
    Path cfg = TestStation.config(dir, broker.url(), "source = \"bluez\"", "adapter = \"hci0\"");
    Files.writeString(cfg, Files.readString(cfg)
        .replace("gateway = \"bay-03\"", "gateway = \"" + gateway + "\"")
        .replace("[mqtt]\n", "[mqtt]\nusername = \"" + MosquittoBroker.GATEWAY_USER + "\"\npassword_file = \""
            + broker.gatewayPasswordFile() + "\"\n"));
    Path log = dir.resolve("selftest-" + gateway + ".log");
    ProcessBuilder pb = new ProcessBuilder(PackagedJar.command("selftest", "--config", cfg.toString(), "--listen", "3s"))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("DBUS_SYSTEM_BUS_ADDRESS", busAddress);
    Process p = pb.start();
    assertTrue(p.waitFor(90, TimeUnit.SECONDS), "selftest ended");
    return new Run(p.exitValue(), Files.readString(log));
  }

  /** A GAEN phone whose RSSI keeps changing while selftest listens (BlueZ reports changes). */
  private static Thread phone(DbusMockBluez mock) {
    String gaen = mock.addDevice("hci0", "5A:11:22:33:44:55");
    mock.setServiceData(gaen, GAEN_UUID, HexFormat.of().parseHex("00112233445566778899aabbccddeeff40080000"));
    Thread t = new Thread(() -> {
      for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
        try {
          mock.setRssi(gaen, -60 - i % 10);
        } catch (RuntimeException busy) {
          // the mock answered late; the next change will do
        }
        try {
          Thread.sleep(100); // the phone's advertising interval, not synchronisation
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "test-phone");
    t.start();
    return t;
  }

  /** selftest of {@code gateway} while a mocked BlueZ hears a GAEN phone. */
  private Run selftestHearingAPhone(MosquittoBroker broker, String gateway) throws Exception {
    Files.createDirectories(dir.resolve("bus"));
    try (DbusMockBluez mock = new DbusMockBluez(dir.resolve("bus"))) {
      mock.addAdapter("hci0");
      Thread phone = phone(mock);
      try {
        return selftest(broker, gateway, mock.address());
      } finally {
        phone.interrupt();
        phone.join();
      }
    }
  }

  private MqttClient backend(MosquittoBroker broker, String filter, ConcurrentLinkedQueue<JsonNode> got) throws Exception {
    MqttClient c = new MqttClient(broker.url(), "backend-check", new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setUserName(MosquittoBroker.BACKEND_USER);
    o.setPassword(broker.backendPassword().toCharArray());
    c.connect(o);
    c.subscribe(filter, 1, (t, m) -> got.add(JSON.readTree(m.getPayload())));
    return c;
  }

  @Test
  void aclAllowsTheGateway_probeComesBack_reportRetainedWithRadioCounts() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.in(dir.resolve("broker")).passwords().start()) {
      Run r = selftestHearingAPhone(broker, MosquittoBroker.GATEWAY_USER);
      assertTrue(r.out().contains("[ ok ] broker ACL: a probe published to proximity/" + MosquittoBroker.SITE
          + "/bay-03/commissioning/probe came back"), r.out());
      assertTrue(r.out().contains("[ ok ] commissioning report (warn) published retained to proximity/"
          + MosquittoBroker.SITE + "/bay-03/commissioning"), r.out());
      assertEquals(0, r.exit(), "a root key file is a warning, not a failure: " + r.out());

      // subscribed after selftest ended: only a retained report arrives
      ConcurrentLinkedQueue<JsonNode> got = new ConcurrentLinkedQueue<>();
      MqttClient c = backend(broker, "proximity/+/+/commissioning", got);
      await("retained report").atMost(Duration.ofSeconds(10)).until(() -> !got.isEmpty());
      c.disconnect();
      c.close();
      JsonNode report = got.peek();
      var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
          .getSchema(JSON.readTree(SchemaContractTest.SCHEMAS.resolve("commissioning.schema.json").toFile()));
      assertEquals(Set.of(), schema.validate(report), report.toString());
      assertEquals("warn", report.get("result").asText(), report.toString());
      List<String> names = new ArrayList<>();
      report.get("checks").forEach(ch -> names.add(ch.get("name").asText() + "=" + ch.get("outcome").asText()));
      List<String> expected = new ArrayList<>(List.of("config=ok", "keys=warn", "state_directory=ok", "clock=ok",
          "broker=ok", "radio=ok", "broker_acl=ok"));
      if ("root".equals(System.getProperty("user.name"))) {
        expected.add(3, "user=warn"); // selftest asks root to run it as the service's user
      }
      assertEquals(expected, names);
      assertEquals("bluez", report.at("/radio/source").asText());
      assertEquals(3, report.at("/radio/listened_s").asInt());
      assertTrue(report.at("/radio/by_kind/gaen").asLong() >= 1, report.toString());
      assertTrue(report.at("/versions/gateway").asText().matches("\\d+\\.\\d+\\.\\d+.*"), report.toString());
      assertFalse(report.toString().contains("0011223344556677"), "no raw rolling id");
      assertFalse(report.toString().toUpperCase().contains("5A:11:22"), "no address");
      assertFalse(report.toString().contains(broker.gatewayPassword()), "no password");
    }
  }

  @Test
  void aclDoesNotCoverTheGateway_probeAcknowledgedAndDropped_selftestFails() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.in(dir.resolve("broker")).passwords().start()) {
      // user bay-03 configured as gateway bay-04: the ACL covers only proximity/<site>/bay-03/#
      Run r = selftestHearingAPhone(broker, "bay-04");
      assertEquals(ExitCodes.FAILURE, r.exit(), r.out());
      // Mosquitto 2.0 grants the subscription, acknowledges the publish and delivers nothing
      assertTrue(r.out().contains("[FAIL] broker ACL: the broker acknowledged the probe on proximity/"
          + MosquittoBroker.SITE + "/bay-04/commissioning/probe but did not deliver it"), r.out());
      assertTrue(r.out().contains("[warn] commissioning report sent to proximity/" + MosquittoBroker.SITE
          + "/bay-04/commissioning, but the broker's ACL most likely dropped it"), r.out());
      assertTrue(r.out().contains("selftest: 1 check(s) failed"), r.out());
    }
  }

  @Test
  void aclLetsTheGatewayReadButNotWrite_publishAcknowledgedAndDropped_selftestFails() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.in(dir.resolve("broker")).passwords().gatewayAccess("read").start()) {
      Run r = selftestHearingAPhone(broker, MosquittoBroker.GATEWAY_USER);
      assertEquals(ExitCodes.FAILURE, r.exit(), r.out());
      assertTrue(r.out().contains("[FAIL] broker ACL: the broker acknowledged the probe on proximity/"
          + MosquittoBroker.SITE + "/bay-03/commissioning/probe but did not deliver it"), r.out());
    }
  }
}
