package org.proximity.gateway.radio.bluez;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.common.retry.Backoff;
import org.proximity.gateway.ad.AdvertisementDecoder;
import org.proximity.gateway.ad.DecodedAdvertisement;
import org.proximity.gateway.ad.DeviceKind;
import org.proximity.gateway.radio.AddressType;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.BluetoothAddress;
import org.proximity.gateway.radio.RadioHealth;
import org.proximity.gateway.radio.RadioState;
import org.proximity.gateway.radio.recovery.RecoveryLadder;

/** The bluez source against a real dbus-daemon and the dbusmock BlueZ (docs/platform-notes.md#dbusmock-bluez). */
class BluezAdvertisementSourceIT {
  static final String GAEN_UUID = "0000fd6f-0000-1000-8000-00805f9b34fb";
  static final String BLUEZONE_UUID = "00004e56-0000-1000-8000-00805f9b34fb";
  static final int BLUEZONE_COMPANY = 0x22B5;
  /** RPI (16 bytes) then AEM (4 bytes), docs/gaen.md#advertisement-layout. */
  static final byte[] GAEN_DATA = HexFormat.of().parseHex("00112233445566778899aabbccddeeff" + "40080000");
  static final byte[] RPI = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
  /** The 12-byte BluezoneId, docs/bluezone.md#android-advertisement. */
  static final byte[] BLUEZONE_ID = HexFormat.of().parseHex("0102030405060708090a0b0c");

  @TempDir Path dir;
  DbusMockBluez mock;
  BluezAdvertisementSource source;
  final ConcurrentLinkedQueue<Advertisement> heard = new ConcurrentLinkedQueue<>();
  final AtomicReference<String> failure = new AtomicReference<>();
  final AdvertisementDecoder decoder = new AdvertisementDecoder();

  @BeforeEach
  void setUp() throws Exception {
    mock = new DbusMockBluez(dir);
    mock.addAdapter("hci0");
  }

  @AfterEach
  void tearDown() {
    if (source != null) {
      source.close();
    }
    mock.close();
  }

  BluezConfig fastConfig() {
    return BluezConfig.defaults().withBusAddress(mock.address())
        .withTickInterval(Duration.ofMillis(100))
        .withLadder(new RecoveryLadder.Policy(Duration.ofMinutes(5), Duration.ofHours(1),
            new Backoff(Duration.ofMillis(300), Duration.ofSeconds(2), 0.0), 3, 2, Duration.ofSeconds(30),
            Duration.ofMinutes(10)));
  }

  void startSource(BluezConfig config) throws Exception {
    source = new BluezAdvertisementSource(config, InstantSource.system(), failure::set);
    source.start(heard::add);
  }

  List<DecodedAdvertisement> decodedFor(long address) {
    return heard.stream().filter(a -> a.address().value() == address)
        .map(a -> decoder.decode(a.dataUnsafe())).toList();
  }

  /** Adds a device carrying GAEN service data and waits until it comes out decoded as GAEN. */
  void gaenDeviceIsHeard(String mac) {
    String dev = mock.addDevice("hci0", mac);
    mock.setServiceData(dev, GAEN_UUID, GAEN_DATA);
    long addr = BluetoothAddress.parse(mac).value();
    await().atMost(Duration.ofSeconds(10)).until(
        () -> decodedFor(addr).stream().anyMatch(d -> d.kind() == DeviceKind.GAEN));
  }

  @Test
  void start_setsLeDuplicateFilterAndDiscovers() throws Exception {
    startSource(fastConfig());
    assertTrue(mock.adapterProperty("/org/bluez/hci0", "Discovering"));
  }

  @Test
  void start_adapterNotThereYet_waitsAndScansWhenItAppears() throws Exception {
    startSource(fastConfig().withAdapter("hci7"));
    await().atMost(Duration.ofSeconds(10)).until(() -> source.health().state() == RadioState.WAITING_FOR_ADAPTER);
    mock.addAdapter("hci7");
    await().atMost(Duration.ofSeconds(10)).until(() -> mock.adapterProperty("/org/bluez/hci7", "Discovering"));
    await().atMost(Duration.ofSeconds(10)).until(() -> source.health().state() == RadioState.SCANNING);
    assertNull(failure.get());
  }

  @Test
  void start_adapterNeverAppears_givesUpAfterTheAdapterWait() throws Exception {
    BluezConfig c = fastConfig().withAdapter("hci7");
    RecoveryLadder.Policy p = c.ladder();
    startSource(c.withLadder(new RecoveryLadder.Policy(p.quietThreshold(), p.quietMaxInterval(), p.backoff(),
        p.discoveryAttempts(), p.powerCycleAttempts(), Duration.ofMillis(500),
        p.stableAfter())));
    await().atMost(Duration.ofSeconds(10)).until(() -> failure.get() != null);
    assertTrue(failure.get().contains("no Bluetooth adapter"), failure.get());
  }

  @Test
  void gaenServiceData_becomesGaenAdvertisement() throws Exception {
    startSource(fastConfig());
    String dev = mock.addDevice("hci0", "5A:11:22:33:44:55");
    mock.setAddressType(dev, "random");
    mock.setServiceData(dev, GAEN_UUID, GAEN_DATA);
    long addr = BluetoothAddress.parse("5A:11:22:33:44:55").value();
    await().atMost(Duration.ofSeconds(10)).until(
        () -> decodedFor(addr).stream().anyMatch(d -> d.kind() == DeviceKind.GAEN));
    DecodedAdvertisement d = decodedFor(addr).stream().filter(x -> x.kind() == DeviceKind.GAEN).findFirst().get();
    assertArrayEquals(RPI, d.rollingId());
    assertNull(d.fault(), "rebuilt data must decode without a fault");
    Advertisement a = heard.stream().filter(x -> x.address().value() == addr).reduce((x, y) -> y).get();
    assertEquals(AddressType.RANDOM, a.addressType());
    assertEquals(-79, a.rssi(), "the last RSSI is carried to data-only changes");
  }

  @Test
  void bluezoneManufacturerData_becomesBluezoneAdvertisement() throws Exception {
    startSource(fastConfig());
    String dev = mock.addDevice("hci0", "6B:11:22:33:44:66");
    mock.setUuids(dev, List.of(BLUEZONE_UUID));
    mock.setManufacturerData(dev, BLUEZONE_COMPANY, BLUEZONE_ID);
    long addr = BluetoothAddress.parse("6B:11:22:33:44:66").value();
    await().atMost(Duration.ofSeconds(10)).until(
        () -> decodedFor(addr).stream().anyMatch(d -> d.kind() == DeviceKind.BLUEZONE));
    DecodedAdvertisement d = decodedFor(addr).stream().filter(x -> x.kind() == DeviceKind.BLUEZONE).findFirst().get();
    assertArrayEquals(BLUEZONE_ID, d.rollingId());
    assertNull(d.fault());
  }

  @Test
  void rssiUpdates_flowAsNewAdvertisementsOfTheSameData() throws Exception {
    startSource(fastConfig());
    String dev = mock.addDevice("hci0", "5A:11:22:33:44:77");
    mock.setServiceData(dev, GAEN_UUID, GAEN_DATA);
    long addr = BluetoothAddress.parse("5A:11:22:33:44:77").value();
    await().atMost(Duration.ofSeconds(10)).until(
        () -> decodedFor(addr).stream().anyMatch(d -> d.kind() == DeviceKind.GAEN));
    for (int rssi = -60; rssi > -65; rssi--) {
      mock.setRssi(dev, rssi);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> heard.stream()
        .anyMatch(a -> a.address().value() == addr && a.rssi() == -64));
    List<Advertisement> rssiReports = heard.stream()
        .filter(a -> a.address().value() == addr && a.rssi() <= -60 && a.rssi() >= -64).toList();
    assertEquals(5, rssiReports.size());
    for (Advertisement a : rssiReports) {
      assertEquals(DeviceKind.GAEN, decoder.decode(a.dataUnsafe()).kind());
    }
  }

  @Test
  void adapterRemovedAndAddedBack_advertisementsFlowAgain() throws Exception {
    startSource(fastConfig());
    mock.removeAdapter("hci0");
    await().atMost(Duration.ofSeconds(10)).until(() -> source.health().recovery().adapterLosses() == 1);
    assertEquals(RadioState.WAITING_FOR_ADAPTER, source.health().state());
    mock.addAdapter("hci0");
    await().atMost(Duration.ofSeconds(10)).until(() -> mock.adapterProperty("/org/bluez/hci0", "Discovering"));
    gaenDeviceIsHeard("5A:11:22:33:44:88");
    await().atMost(Duration.ofSeconds(10)).until(() -> source.health().recovery().adapterReturns() == 1);
    assertNull(failure.get());
  }

  @Test
  void discoveringDropsToFalse_discoveryIsRestarted() throws Exception {
    startSource(fastConfig());
    mock.setAdapterProperty("/org/bluez/hci0", "Discovering", false);
    await().atMost(Duration.ofSeconds(10)).until(() -> source.health().recovery().discoveryRestarts() >= 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> mock.adapterProperty("/org/bluez/hci0", "Discovering"));
    assertEquals(0, source.health().recovery().powerCycles());
  }

  @Test
  void poweredFalse_adapterIsPowerCycled() throws Exception {
    startSource(fastConfig());
    mock.setAdapterProperty("/org/bluez/hci0", "Powered", false);
    await().atMost(Duration.ofSeconds(10)).until(() -> source.health().recovery().powerCycles() >= 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> mock.adapterProperty("/org/bluez/hci0", "Powered"));
  }

  @Test
  void bluetoothdRestart_sourceRecovers() throws Exception {
    startSource(fastConfig());
    mock.stopMock();
    await().atMost(Duration.ofSeconds(10)).until(() -> source.health().recovery().adapterLosses() == 1);
    mock.startMock();
    mock.addAdapter("hci0");
    await().atMost(Duration.ofSeconds(10)).until(() -> mock.adapterProperty("/org/bluez/hci0", "Discovering"));
    gaenDeviceIsHeard("5A:11:22:33:44:99");
    await().atMost(Duration.ofSeconds(10)).until(() -> source.health().state() == RadioState.SCANNING);
    assertNull(failure.get());
  }

  @Test
  void thousandsOfRandomAddresses_areRemovedFromBluezCache() throws Exception {
    startSource(fastConfig().withCleanup(Duration.ofMillis(500), Duration.ofSeconds(1)));
    int n = 2000;
    for (int i = 0; i < n; i++) {
      mock.addDevice("hci0", String.format("7C:00:00:00:%02X:%02X", i >> 8, i & 0xFF));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> source.health().reports().advertisements() >= n);
    await().atMost(Duration.ofSeconds(60)).until(() -> mock.deviceCount() == 0);
    RadioHealth h = source.health();
    assertEquals(n, h.cache().devicesRemoved());
    assertEquals(0, h.cache().bluezDevices());
    assertEquals(0, h.cache().removalFailures());
  }

  @Test
  void pairedDevice_isNeverRemoved() throws Exception {
    startSource(fastConfig().withCleanup(Duration.ofMillis(200), Duration.ofMillis(300)));
    String dev = mock.addDevice("hci0", "00:1A:7D:DA:71:13");
    mock.bus().getRemoteObject("org.bluez", "/", DbusMockBluez.BluezMock.class);
    // Paired is a scalar, so UpdateProperties is safe here
    mock.bus().getRemoteObject("org.bluez", dev, DbusMockBluez.Control.class).UpdateProperties(
        "org.bluez.Device1", Map.of("Paired", new Variant<>(true)));
    String other = mock.addDevice("hci0", "7C:00:00:00:FF:FF");
    assertNotNull(other);
    await().atMost(Duration.ofSeconds(10)).until(() -> source.health().cache().devicesRemoved() == 1);
    assertEquals(1, mock.deviceCount());
    assertFalse(source.health().recovery().gaveUp());
  }

  @Test
  void signalsFromAnotherProcessThanBluez_areIgnored() throws Exception {
    startSource(fastConfig());
    String fake = DbusMockBluez.devicePath("hci0", "5A:66:66:66:66:66");
    Map<String, Variant<?>> props = new HashMap<>();
    props.put("Address", new Variant<>("5A:66:66:66:66:66"));
    props.put("RSSI", new Variant<>((short) -40));
    // an impostor on the same bus (its own connection, so its own unique name) copies BlueZ's signals
    try (var impostor = DBusConnectionBuilder.forAddress(mock.address()).build()) {
      impostor.sendMessage(new ObjectManager.InterfacesAdded("/",
          new DBusPath(fake), Map.of("org.bluez.Device1", props)));
      impostor.sendMessage(new Properties.PropertiesChanged(fake,
          "org.bluez.Device1", props, List.of()));
      impostor.sendMessage(new ObjectManager.InterfacesRemoved("/",
          new DBusPath("/org/bluez/hci0"), List.of("org.bluez.Adapter1")));
      await().atMost(Duration.ofSeconds(10)).until(() -> source.ignoredSignals() >= 3);
    }
    // the real BlueZ is still believed, and the adapter was not "lost"
    gaenDeviceIsHeard("5A:11:22:33:44:56");
    assertTrue(heard.stream().noneMatch(a -> a.address().value() == BluetoothAddress.parse("5A:66:66:66:66:66").value()));
    assertEquals(0, source.health().recovery().adapterLosses());
    assertEquals(1, source.health().cache().bluezDevices());
  }
}
