package org.proximity.gateway.radio.tinyb;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.gateway.radio.bluez.DbusMockBluez;

/** The tinyb source, in a child JVM ({@link TinybProbe}), against the dbusmock BlueZ. */
class TinybAdvertisementSourceTest {
  static final String GAEN_UUID = "0000fd6f-0000-1000-8000-00805f9b34fb";
  static final String BLUEZONE_UUID = "00004e56-0000-1000-8000-00805f9b34fb";

  @TempDir Path dir;
  DbusMockBluez mock;
  Process probe;
  final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void setUp() throws Exception {
    mock = new DbusMockBluez(dir);
    mock.addAdapter("hci0");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), TinybProbe.class.getName(), "hci0")
        .redirectErrorStream(true);
    pb.environment().put("DBUS_SYSTEM_BUS_ADDRESS", mock.address());
    probe = pb.start();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8))) {
        String l;
        while ((l = r.readLine()) != null) {
          lines.add(l);
        }
      } catch (java.io.IOException ignored) {
        // probe ended
      }
    }, "tinyb-probe-reader");
    reader.setDaemon(true);
    reader.start();
    await("tinyb probe ready").atMost(Duration.ofSeconds(30))
        .until(() -> lines.contains("ready") || lines.stream().anyMatch(l -> l.startsWith("error")) || !probe.isAlive());
    assertTrue(lines.contains("ready"), "tinyb did not start: " + lines);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (probe != null) {
      OutputStream in = probe.getOutputStream();
      in.close();
      if (!probe.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        probe.destroyForcibly();
      }
    }
    mock.close();
  }

  boolean heard(String fragment) {
    return lines.stream().anyMatch(l -> l.contains(fragment));
  }

  @Test
  void gaenAndBluezoneDevices_becomeDecodedAdvertisements() throws Exception {
    String gaen = mock.addDevice("hci0", "5A:11:22:33:44:55");
    mock.setServiceData(gaen, GAEN_UUID, org.proximity.gateway.radio.bluez.BluezAdvertisementSourceTestData.GAEN_DATA);
    String bz = mock.addDevice("hci0", "6B:11:22:33:44:66");
    mock.setUuids(bz, List.of(BLUEZONE_UUID));
    mock.setManufacturerData(bz, 0x22B5, org.proximity.gateway.radio.bluez.BluezAdvertisementSourceTestData.BLUEZONE_ID);
    await().atMost(Duration.ofSeconds(20)).until(() -> heard("kind=GAEN") && heard("kind=BLUEZONE"));
    assertTrue(heard("kind=GAEN rssi=-79 idBytes=16 fault=false"), lines.toString());
    assertTrue(heard("kind=BLUEZONE rssi=-79 idBytes=12 fault=false"), lines.toString());
    mock.setRssi(gaen, -50);
    await().atMost(Duration.ofSeconds(10)).until(() -> heard("kind=GAEN rssi=-50"));
  }

  @Test
  void adapterRemovedAndAddedBack_advertisementsFlowAgain() throws Exception {
    mock.removeAdapter("hci0");
    mock.addAdapter("hci0");
    await().atMost(Duration.ofSeconds(20)).until(() -> mock.adapterProperty("/org/bluez/hci0", "Discovering"));
    String gaen = mock.addDevice("hci0", "5A:11:22:33:44:57");
    mock.setServiceData(gaen, GAEN_UUID, org.proximity.gateway.radio.bluez.BluezAdvertisementSourceTestData.GAEN_DATA);
    await().atMost(Duration.ofSeconds(20)).until(() -> heard("kind=GAEN"));
  }
}
