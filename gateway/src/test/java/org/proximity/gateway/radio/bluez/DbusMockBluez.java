package org.proximity.gateway.radio.bluez;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.UInt16;
import org.freedesktop.dbus.types.UInt64;
import org.freedesktop.dbus.types.Variant;

/**
 * A real {@code dbus-daemon} on a private socket plus python3-dbusmock's {@code bluez5} template
 * (docs/platform-notes.md#dbusmock-bluez), driven over D-Bus from Java. Both processes are killed by {@link #close}.
 *
 * <p>Missing packages make the test fail with a message naming them: CI installs them.
 *
 * <p>Template bugs worked around (docs/platform-notes.md#dbusmock-bluez): dictionary properties (ManufacturerData,
 * ServiceData) are set with {@code org.freedesktop.DBus.Properties.Set}, never with the mock's
 * {@code UpdateProperties}; scalars (RSSI, AddressType) with {@code UpdateProperties}; and
 * StartDiscovery works only after SetDiscoveryFilter (see {@link #addAdapter}).
 */
public final class DbusMockBluez implements AutoCloseable {
  public static final String DBUS_DAEMON = "/usr/bin/dbus-daemon";
  public static final String PYTHON = "/usr/bin/python3";
  private static final String DEVICE1 = "org.bluez.Device1";

  /** The template's own methods on {@code /}. */
  @DBusInterfaceName("org.bluez.Mock")
  public interface BluezMock extends DBusInterface {
    String AddAdapter(String deviceName, String systemName);

    String AddDevice(String adapterDeviceName, String deviceAddress, String alias);

    void RemoveAdapter(String deviceName);

    void RemoveAdapterWithDevices(String deviceName);
  }

  /** dbusmock's control interface, present on every mock object. */
  @DBusInterfaceName("org.freedesktop.DBus.Mock")
  public interface Control extends DBusInterface {
    void UpdateProperties(String iface, Map<String, Variant<?>> properties);

    void AddObject(String path, String iface, Map<String, Variant<?>> properties, List<MockMethod> methods);

    void AddMethod(String iface, String name, String inSig, String outSig, String code);

    List<MethodCall> GetMethodCalls(String method);
  }

  /** A method for {@code AddObject}: name, in and out signatures, Python code (dbusmock's a(ssss)). */
  public static final class MockMethod extends Struct {
    @Position(0) public final String name;
    @Position(1) public final String inSig;
    @Position(2) public final String outSig;
    @Position(3) public final String code;

    public MockMethod(String name, String inSig, String outSig, String code) {
      this.name = name;
      this.inSig = inSig;
      this.outSig = outSig;
      this.code = code;
    }
  }

  /** One logged call (dbusmock's (tav)): when, and the arguments. */
  public static final class MethodCall extends Struct {
    @Position(0) public final UInt64 time;
    @Position(1) public final List<Variant<?>> args;

    public MethodCall(UInt64 time, List<Variant<?>> args) {
      this.time = time;
      this.args = args;
    }
  }

  /** How a mocked Bluezone iPhone answers the gateway's GATT read. */
  public enum Iphone {
    /** Connects, resolves its services and returns its ID. */
    ANSWERS,
    /** Connects, but its services never resolve (it walked away after the link came up). */
    NEVER_RESOLVES,
    /** Connect fails as BlueZ reports a failed LE connection. */
    REFUSES,
    /** Connects; while the characteristic is read it leaves BlueZ's device list. */
    VANISHES_MID_READ,
    /** Connect does not answer for two seconds (the whole mock stalls, as dbusmock is single-threaded). */
    HANGS
  }

  /** Bluezone's iOS service and characteristic (docs/visibility.md). */
  public static final String IOS_SERVICE_UUID = "00004e56-73f5-4bc4-a12f-17d1ad07a667";
  public static final String IOS_CHARACTERISTIC_UUID = "00004e56-73f5-4bc4-a12f-17d1ad07a689";

  private final Path dir;
  private final String address;
  private Process daemon;
  private Process mock;
  private DBusConnection bus;

  /** Starts the bus and the mock; {@code dir} is a scratch directory (a JUnit @TempDir). */
  public DbusMockBluez(Path dir) throws IOException, DBusException {
    requirePackages();
    this.dir = dir;
    this.address = "unix:path=" + dir.resolve("system_bus_socket");
    // the stock per-user bus configuration needs no policy files (docs/platform-notes.md#dbusmock-bluez)
    daemon = new ProcessBuilder(DBUS_DAEMON, "--config-file=/usr/share/dbus-1/session.conf", "--nofork",
        "--nopidfile", "--address=" + address)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("dbus-daemon.log").toFile())
        .start();
    Path socket = dir.resolve("system_bus_socket");
    await("dbus-daemon socket").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
        .until(() -> Files.exists(socket) || !daemon.isAlive());
    if (!daemon.isAlive()) {
      throw new IllegalStateException("dbus-daemon exited: " + Files.readString(dir.resolve("dbus-daemon.log")));
    }
    bus = DBusConnectionBuilder.forAddress(address).build();
    startMock();
  }

  private static void requirePackages() {
    if (!Files.isExecutable(Path.of(DBUS_DAEMON))) {
      throw new AssertionError(DBUS_DAEMON + " is missing: install the Debian package 'dbus' (.ci/run does)");
    }
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", "import dbusmock").redirectErrorStream(true).start();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("python3-dbusmock is missing for " + PYTHON
            + ": install the Debian package 'python3-dbusmock' (.ci/run does)");
      }
    } catch (IOException e) {
      throw new AssertionError(PYTHON + " cannot run: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The private bus's address, for {@code BluezConfig.withBusAddress} or DBUS_SYSTEM_BUS_ADDRESS. */
  public String address() {
    return address;
  }

  public DBusConnection bus() {
    return bus;
  }

  /** Starts the mock bluetoothd and waits until it owns {@code org.bluez}. */
  public void startMock() throws IOException {
    ProcessBuilder pb = new ProcessBuilder(PYTHON, "-m", "dbusmock", "--system", "--template", "bluez5")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("dbusmock.log").toFile()));
    pb.environment().put("DBUS_SYSTEM_BUS_ADDRESS", address);
    mock = pb.start();
    DBus dbus = dbus();
    await("org.bluez on the private bus").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
        .until(() -> dbus.NameHasOwner("org.bluez") || !mock.isAlive());
    if (!mock.isAlive()) {
      throw new IllegalStateException("dbusmock exited: " + Files.readString(dir.resolve("dbusmock.log")));
    }
  }

  /** Kills the mock: like bluetoothd dying, every object goes at once. */
  public void stopMock() throws InterruptedException {
    if (mock != null) {
      mock.destroy();
      if (!mock.waitFor(10, TimeUnit.SECONDS)) {
        mock.destroyForcibly().waitFor();
      }
      mock = null;
      DBus dbus = dbus();
      await("org.bluez released").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
          .until(() -> !dbus.NameHasOwner("org.bluez"));
    }
  }

  private DBus dbus() {
    try {
      return bus.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class);
    } catch (DBusException e) {
      throw new IllegalStateException(e);
    }
  }

  private <T extends DBusInterface> T remote(String path, Class<T> type) {
    try {
      return bus.getRemoteObject("org.bluez", path, type);
    } catch (DBusException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Adds an adapter. The template's StartDiscovery and StopDiscovery fail with a Python KeyError
   * until SetDiscoveryFilter has been called once (real BlueZ has no such rule), and TinyB never
   * sets a filter; so an empty filter is set here, which changes nothing else.
   */
  public String addAdapter(String name) {
    String path = remote("/", BluezMock.class).AddAdapter(name, "gateway-test");
    remote(path, Adapter1.class).SetDiscoveryFilter(Map.of());
    return path;
  }

  public void removeAdapter(String name) {
    remote("/", BluezMock.class).RemoveAdapter(name);
  }

  /** Removes the adapter and every device under it, as unplugging a USB dongle does. */
  public void removeAdapterWithDevices(String name) {
    remote("/", BluezMock.class).RemoveAdapterWithDevices(name);
  }

  /** Adds a device (emits InterfacesAdded with the template's default RSSI of -79). */
  public String addDevice(String adapter, String address) {
    return remote("/", BluezMock.class).AddDevice(adapter, address, "");
  }

  public void setRssi(String devicePath, int rssi) {
    update(devicePath, DEVICE1, Map.of("RSSI", new Variant<>((short) rssi)));
  }

  public void setAddressType(String devicePath, String type) {
    update(devicePath, DEVICE1, Map.of("AddressType", new Variant<>(type)));
  }

  public void setUuids(String devicePath, List<String> uuids) {
    update(devicePath, DEVICE1, Map.of("UUIDs", new Variant<>(uuids.toArray(new String[0]), "as")));
  }

  /** Adapter properties such as Discovering or Powered (scalars, so UpdateProperties works). */
  public void setAdapterProperty(String adapterPath, String name, boolean value) {
    update(adapterPath, "org.bluez.Adapter1", Map.of(name, new Variant<>(value)));
  }

  public boolean adapterProperty(String adapterPath, String name) {
    return remote(adapterPath, Properties.class).<Boolean>Get("org.bluez.Adapter1", name);
  }

  private void update(String path, String iface, Map<String, Variant<?>> props) {
    remote(path, Control.class).UpdateProperties(iface, props);
  }

  /** ManufacturerData a{qv} via Properties.Set (the template's UpdateProperties crashes on dicts). */
  public void setManufacturerData(String devicePath, int company, byte[] data) {
    Map<UInt16, Variant<?>> m = new HashMap<>();
    m.put(new UInt16(company), new Variant<>(data, "ay"));
    remote(devicePath, Properties.class).Set(DEVICE1, "ManufacturerData", new Variant<>(m, "a{qv}"));
  }

  /** ServiceData a{sv}, keyed by the 128-bit UUID text. */
  public void setServiceData(String devicePath, String uuid, byte[] data) {
    Map<String, Variant<?>> m = new HashMap<>();
    m.put(uuid, new Variant<>(data, "ay"));
    remote(devicePath, Properties.class).Set(DEVICE1, "ServiceData", new Variant<>(m, "a{sv}"));
  }

  /**
   * A Bluezone iPhone in the foreground: advertises the 128-bit iOS service UUID, and has a GATT
   * service {@link #IOS_SERVICE_UUID} with the read-only characteristic {@link
   * #IOS_CHARACTERISTIC_UUID} holding {@code id}. Its Connect and Disconnect behave as {@code how}
   * says; ServicesResolved follows them as in BlueZ. Returns the device path.
   */
  public String addBluezoneIphone(String adapter, String address, byte[] id, Iphone how) {
    String dev = addDevice(adapter, address);
    setUuids(dev, List.of(IOS_SERVICE_UUID));
    String service = dev + "/service0010";
    String characteristic = service + "/char0011";
    Control root = remote("/", Control.class);
    root.AddObject(service, "org.bluez.GattService1", Map.of("UUID", new Variant<>(IOS_SERVICE_UUID),
        "Primary", new Variant<>(true), "Device", new Variant<>(new DBusPath(dev))), List.of());
    String read = how == Iphone.VANISHES_MID_READ ? vanish(dev)
        : "ret = dbus.Array([dbus.Byte(b) for b in bytes.fromhex('" + HexFormat.of().formatHex(id) + "')], signature='y')";
    root.AddObject(characteristic, "org.bluez.GattCharacteristic1", Map.of("UUID", new Variant<>(IOS_CHARACTERISTIC_UUID),
        "Service", new Variant<>(new DBusPath(service)), "Flags", new Variant<>(new String[] {"read"}, "as")),
        List.of(new MockMethod("ReadValue", "a{sv}", "ay", read)));
    String connected = "self.UpdateProperties('org.bluez.Device1', {'Connected': dbus.Boolean(True)"
        + (how == Iphone.NEVER_RESOLVES ? "" : ", 'ServicesResolved': dbus.Boolean(True)") + "})";
    String connect = switch (how) {
      case REFUSES -> "raise dbus.exceptions.DBusException('le-connection-abort-by-local', name='org.bluez.Error.Failed')";
      case HANGS -> "import time\ntime.sleep(2.0)\n" + connected;
      default -> connected;
    };
    Control device = remote(dev, Control.class);
    device.AddMethod(DEVICE1, "Connect", "", "", connect);
    device.AddMethod(DEVICE1, "Disconnect", "", "",
        "self.UpdateProperties('org.bluez.Device1', {'Connected': dbus.Boolean(False), 'ServicesResolved': dbus.Boolean(False)})");
    return dev;
  }

  /** ReadValue that removes the device and its GATT objects (InterfacesRemoved), then fails as BlueZ does. */
  private static String vanish(String dev) {
    return String.join("\n",
        "for p in [k for k in list(objects) if k == '" + dev + "' or k.startswith('" + dev + "/')]:",
        "    objects[p].remove_from_connection()",
        "    del objects[p]",
        "objects['/'].EmitSignal('org.freedesktop.DBus.ObjectManager', 'InterfacesRemoved', 'oas',"
            + " [dbus.ObjectPath('" + dev + "'), ['org.bluez.Device1']])",
        "raise dbus.exceptions.DBusException('Not connected', name='org.bluez.Error.Failed')");
  }

  /** How often {@code method} (Connect, ReadValue...) was called on the object at {@code path}. */
  public int calls(String path, String method) {
    return remote(path, Control.class).GetMethodCalls(method).size();
  }

  /** For the benches: {@code count} devices carrying GAEN service data, returned as object paths. */
  public List<String> addGaenDevices(String adapter, int count, String gaenUuid, byte[] serviceData) {
    List<String> devs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String d = addDevice(adapter, String.format("5A:00:00:00:%02X:%02X", i >> 8, i & 0xFF));
      setServiceData(d, gaenUuid, serviceData);
      devs.add(d);
    }
    return devs;
  }

  /**
   * For the benches: {@code updates} RSSI changes sent by {@code threads} threads, each to its own
   * ten devices of {@code devs}; returns how many were sent once all are answered.
   */
  public long sendRssiUpdates(List<String> devs, int updates, int threads) throws InterruptedException {
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread th = new Thread(() -> {
        for (int i = 0; i < updates / threads; i++) {
          setRssi(devs.get(id * 10 + i % 10), -40 - (i % 50));
        }
      });
      th.start();
      callers.add(th);
    }
    for (Thread th : callers) {
      th.join();
    }
    return (updates / threads) * (long) threads;
  }

  /** Device1 objects the mock holds (via GetManagedObjects). */
  public long deviceCount() {
    return remote("/", ObjectManager.class).GetManagedObjects()
        .values().stream().filter(i -> i.containsKey(DEVICE1)).count();
  }

  public static String devicePath(String adapter, String address) {
    return "/org/bluez/" + adapter + "/dev_" + address.replace(':', '_');
  }

  public static DBusPath path(String p) {
    return new DBusPath(p);
  }

  @Override
  public void close() {
    if (bus != null) {
      bus.disconnect();
    }
    for (Process p : new Process[] {mock, daemon}) {
      if (p != null) {
        p.destroy();
        try {
          if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
