package org.proximity.gateway.radio.tinyb;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.gateway.radio.bluez.BluezAdvertisementSourceTestData;
import org.proximity.gateway.radio.bluez.DbusMockBluez;

/** The tinyb source, in a child JVM ({@link TinybProbe}), against the dbusmock BlueZ. */
class TinybAdvertisementSourceIT {
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
  }

  void startProbe(String... options) throws Exception {
    probe = TinybProbe.launch(mock.address(), lines, options);
    await("tinyb probe ready").atMost(Duration.ofSeconds(30))
        .until(() -> lines.contains("ready") || lines.stream().anyMatch(l -> l.startsWith("error")) || !probe.isAlive());
    assertTrue(lines.contains("ready"), "tinyb did not start: " + lines);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (probe != null) {
      OutputStream in = probe.getOutputStream();
      in.close();
      if (!probe.waitFor(10, TimeUnit.SECONDS)) {
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
    startProbe();
    String gaen = mock.addDevice("hci0", "5A:11:22:33:44:55");
    mock.setServiceData(gaen, GAEN_UUID, BluezAdvertisementSourceTestData.GAEN_DATA);
    String bz = mock.addDevice("hci0", "6B:11:22:33:44:66");
    mock.setUuids(bz, List.of(BLUEZONE_UUID));
    mock.setManufacturerData(bz, 0x22B5, BluezAdvertisementSourceTestData.BLUEZONE_ID);
    await().atMost(Duration.ofSeconds(20)).until(() -> heard("kind=GAEN") && heard("kind=BLUEZONE"));
    assertTrue(heard("kind=GAEN rssi=-79 idBytes=16 fault=false"), lines.toString());
    assertTrue(heard("kind=BLUEZONE rssi=-79 idBytes=12 fault=false"), lines.toString());
    mock.setRssi(gaen, -50);
    await().atMost(Duration.ofSeconds(10)).until(() -> heard("kind=GAEN rssi=-50"));
  }

  @Test
  void adapterRemovedAndAddedBack_advertisementsFlowAgain() throws Exception {
    startProbe();
    mock.removeAdapter("hci0");
    mock.addAdapter("hci0");
    await().atMost(Duration.ofSeconds(20)).until(() -> mock.adapterProperty("/org/bluez/hci0", "Discovering"));
    String gaen = mock.addDevice("hci0", "5A:11:22:33:44:57");
    mock.setServiceData(gaen, GAEN_UUID, BluezAdvertisementSourceTestData.GAEN_DATA);
    await().atMost(Duration.ofSeconds(20)).until(() -> heard("kind=GAEN"));
  }

  /** Asks the probe for the source's counters and returns the next health line. */
  String health() throws Exception {
    long before = lines.stream().filter(l -> l.startsWith("health ")).count();
    probe.getOutputStream().write("health\n".getBytes(StandardCharsets.UTF_8));
    probe.getOutputStream().flush();
    await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().filter(l -> l.startsWith("health ")).count() > before);
    return lines.stream().filter(l -> l.startsWith("health ")).reduce((a, b) -> b).orElseThrow();
  }

  static long counter(String healthLine, String name) {
    Matcher m = Pattern.compile("\\b" + name + "=(\\d+)").matcher(healthLine);
    assertTrue(m.find(), name + " in " + healthLine);
    return Long.parseLong(m.group(1));
  }

  @Test
  void thousandsOfRandomAddresses_appearAndAreRemovedFromBluezCache() throws Exception {
    startProbe("--count-only", "--cleanup-ms=500", "--silent-ms=2000");
    int n = 2000;
    for (int i = 0; i < n; i++) {
      mock.addDevice("hci0", String.format("7C:00:00:00:%02X:%02X", i >> 8, i & 0xFF));
    }
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> counter(health(), "advertisements") >= n);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> mock.deviceCount() == 0);
    String h = health();
    assertEquals(n, counter(h, "devicesRemoved"), h);
    assertEquals(n, counter(h, "advertisements"), "a removed device still listed by TinyB is not tracked again: " + h);
    assertEquals(0, counter(h, "removalFailures"), h);
    await().atMost(Duration.ofSeconds(10)).until(() -> counter(health(), "bluezDevices") == 0);
    assertTrue(probe.isAlive());
  }

  @Test
  void bluetoothdRestart_sameProcessRecovers() throws Exception {
    startProbe();
    mock.stopMock();
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
        .until(() -> counter(health(), "adapterLosses") >= 1 || !probe.isAlive());
    assertTrue(probe.isAlive(), "TinyB survives the loss of org.bluez (the bus itself stays): " + lines);
    mock.startMock();
    mock.addAdapter("hci0");
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
        .until(() -> counter(health(), "adapterReturns") >= 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> mock.adapterProperty("/org/bluez/hci0", "Discovering"));
    String gaen = mock.addDevice("hci0", "5A:11:22:33:44:59");
    mock.setServiceData(gaen, GAEN_UUID, BluezAdvertisementSourceTestData.GAEN_DATA);
    await().atMost(Duration.ofSeconds(20)).until(() -> heard("kind=GAEN"));
    assertTrue(health().contains("state=SCANNING"), lines.toString());
  }
}
