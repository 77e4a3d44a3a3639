package org.proximity.gateway.radio.bluez;

import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.freedesktop.dbus.DBusAsyncReply;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.messages.Message;
import org.freedesktop.dbus.messages.constants.MessageType;
import org.freedesktop.dbus.types.Variant;
import org.proximity.gateway.clock.MonotonicClock;
import org.proximity.gateway.radio.AdvertisementSource;
import org.proximity.gateway.radio.BluetoothAddress;
import org.proximity.gateway.radio.Redact;
import org.proximity.gateway.radio.gatt.BluezoneIdReader;
import org.proximity.gateway.radio.gatt.GattOutcome;
import org.proximity.gateway.radio.gatt.GattReadStats;
import org.proximity.gateway.radio.gatt.ReadBounds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Bluezone iPhones' IDs through BlueZ over D-Bus: {@code Device1.Connect}, wait for {@code
 * ServicesResolved}, find service {@value #SERVICE_UUID} and its characteristic {@value
 * #CHARACTERISTIC_UUID}, {@code GattCharacteristic1.ReadValue}, {@code Device1.Disconnect}
 * (protocols in docs/visibility.md).
 *
 * <p>Its own D-Bus connection and its own thread {@value #THREAD}, so the advertisement source's
 * signal thread and discovery never wait for a phone: scanning goes on during a read. The bounds
 * ({@link ReadBounds}) are checked on the caller's thread (the pipeline), so a refused phone costs
 * a hash-set lookup. Every D-Bus call is bounded by the connect timeout (Connect until the services
 * are resolved; ReadValue; Disconnect; each lookup), using dbus-java's asynchronous calls, so a
 * stalled bluetoothd cannot hold the reader. ServicesResolved is polled, not awaited as a signal:
 * one poll loop for at most one phone at a time is simpler than matching signals to a read.
 *
 * <p>Privacy: the ID read goes to the sink and nowhere else; object paths and addresses are
 * never logged.
 */
public final class BluezGattReader implements BluezoneIdReader {
  public static final String THREAD = "radio-bluez-gatt";
  /** Bluezone's iOS service (bluezone-app: ios/Scanner/AppConstant.swift). */
  public static final String SERVICE_UUID = "00004e56-73f5-4bc4-a12f-17d1ad07a667";
  /** Its read-only characteristic holding the current 12-byte ID (ios/Scanner/BlePeripheralManager.swift). */
  public static final String CHARACTERISTIC_UUID = "00004e56-73f5-4bc4-a12f-17d1ad07a689";
  static final int BLUEZONE_ID_LENGTH = 12;
  private static final Logger LOG = LoggerFactory.getLogger(BluezGattReader.class);
  private static final String BUS_NAME = "org.bluez";

  /**
   * @param adapter as {@code radio.adapter}: a name ({@code hci0}) or an address
   * @param busAddress a D-Bus address, or null for the system bus
   * @param maxPerMinute {@code radio.bluezone_ios.max_per_minute}
   * @param connectTimeout {@code radio.bluezone_ios.connect_timeout_seconds}
   * @param resolvePoll how often {@code ServicesResolved} is looked at while waiting for it
   */
  public record Settings(String adapter, String busAddress, int maxPerMinute, Duration connectTimeout, Duration resolvePoll) {
    public Settings {
      Objects.requireNonNull(adapter, "adapter");
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      Objects.requireNonNull(resolvePoll, "resolvePoll");
    }
  }

  private final Settings settings;
  private final InstantSource clock;
  private final MonotonicClock monotonic;
  private final ReadBounds bounds; // guarded by itself
  private final AtomicLong attempts = new AtomicLong();
  private final AtomicLong skippedSlot = new AtomicLong();
  private final AtomicLong skippedRate = new AtomicLong();
  private final AtomicLong skippedBusy = new AtomicLong();
  private final Map<GattOutcome, AtomicLong> outcomes = new EnumMap<>(GattOutcome.class);
  private volatile Sink sink;
  private DBusConnection connection;
  private ExecutorService worker;
  /** Owned by the reader's thread. */
  private String adapterPath;

  /**
   * @param clock decides the Bluezone slot and the per-minute window (the wall clock in the service)
   * @param monotonic times the wait for a connected device's services
   */
  public BluezGattReader(Settings settings, InstantSource clock, MonotonicClock monotonic) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.monotonic = Objects.requireNonNull(monotonic, "monotonic");
    this.bounds = new ReadBounds(settings.maxPerMinute());
    for (GattOutcome o : GattOutcome.values()) {
      outcomes.put(o, new AtomicLong());
    }
  }

  /** Opens the reader's own D-Bus connection and starts its thread; fails like the radio would (no bus). */
  @Override
  public synchronized void start(Sink target) throws AdvertisementSource.SourceException {
    if (connection != null) {
      throw new IllegalStateException("already started");
    }
    try {
      connection = settings.busAddress() == null
          ? DBusConnectionBuilder.forSystemBus().build()
          : DBusConnectionBuilder.forAddress(settings.busAddress()).build();
    } catch (DBusException | RuntimeException e) {
      throw new AdvertisementSource.SourceException(
          "the Bluezone iPhone reader cannot connect to the D-Bus system bus: " + Redact.scrub(e.getMessage()), e);
    }
    this.sink = Objects.requireNonNull(target, "sink");
    worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, THREAD);
      t.setDaemon(true);
      return t;
    });
    LOG.info("radio: reading Bluezone iPhone IDs over GATT (at most {} a minute, {} s connect timeout)",
        settings.maxPerMinute(), settings.connectTimeout().toSeconds());
  }

  @Override
  public void heard(BluetoothAddress address, int rssi) {
    ExecutorService w = worker;
    if (w == null || sink == null) {
      return;
    }
    ReadBounds.Decision d;
    synchronized (bounds) {
      d = bounds.admit(address.value(), clock.instant());
    }
    switch (d) {
      case SKIP_SLOT -> skippedSlot.incrementAndGet();
      case SKIP_RATE -> skippedRate.incrementAndGet();
      case SKIP_BUSY -> skippedBusy.incrementAndGet();
      case ATTEMPT -> {
        attempts.incrementAndGet();
        try {
          w.execute(() -> readOne(address, rssi));
        } catch (RejectedExecutionException closing) {
          finished();
        }
      }
      default -> throw new IllegalStateException("unknown decision " + d);
    }
  }

  @Override
  public GattReadStats stats() {
    Map<String, Long> byOutcome = new HashMap<>();
    outcomes.forEach((o, n) -> byOutcome.put(o.wireName(), n.get()));
    return new GattReadStats(attempts.get(), byOutcome, skippedSlot.get(), skippedRate.get(), skippedBusy.get());
  }

  private void finished() {
    synchronized (bounds) {
      bounds.finished();
    }
  }

  // ---- the reader's thread ----

  private void readOne(BluetoothAddress address, int rssi) {
    GattOutcome outcome;
    try {
      Sink target = sink;
      outcome = target == null ? GattOutcome.GONE : read(address, rssi, target);
    } catch (DBusException | RuntimeException e) {
      LOG.debug("radio: GATT read failed: {}", Redact.scrub(e));
      outcome = GattOutcome.REFUSED;
    } finally {
      finished();
    }
    outcomes.get(outcome).incrementAndGet();
  }

  private GattOutcome read(BluetoothAddress address, int rssi, Sink target) throws DBusException {
    String adapter = adapterPath();
    if (adapter == null) {
      return GattOutcome.GONE;
    }
    // BlueZ names a device object after its adapter and address (bluez/bluez: src/device.c, device_create)
    String device = adapter + "/dev_" + address.toColonHex().replace(':', '_');
    if (gone(device)) {
      return GattOutcome.GONE;
    }
    long timeoutMs = settings.connectTimeout().toMillis();
    Device1 d = connection.getRemoteObject(BUS_NAME, device, Device1.class);
    try {
      Call connect = call(d, "Connect", timeoutMs);
      if (connect != Call.OK) {
        return failed(connect, device);
      }
      if (!awaitServicesResolved(device, monotonic.nanos() + timeoutMs * 1_000_000)) {
        return gone(device) ? GattOutcome.GONE : GattOutcome.TIMEOUT;
      }
      String characteristic = DeviceLookup.characteristicPath(managedObjects(), device, SERVICE_UUID, CHARACTERISTIC_UUID);
      if (characteristic == null) {
        return GattOutcome.NO_CHARACTERISTIC;
      }
      GattCharacteristic1 c = connection.getRemoteObject(BUS_NAME, characteristic, GattCharacteristic1.class);
      DBusAsyncReply<?> reply = connection.callMethodAsync(c, "ReadValue", Map.<String, Variant<?>>of());
      Call read = await(reply, timeoutMs);
      if (read != Call.OK) {
        return failed(read, device);
      }
      byte[] id = DeviceState.bytes(reply.getReply());
      if (id == null || id.length != BLUEZONE_ID_LENGTH) {
        return GattOutcome.INVALID_VALUE;
      }
      target.idRead(clock.instant(), id, rssi);
      return GattOutcome.READ;
    } finally {
      // also after a timeout: Disconnect cancels a pending connection attempt in BlueZ
      call(d, "Disconnect", timeoutMs);
    }
  }

  private enum Call { OK, TIMEOUT, ERROR }

  private Call call(Device1 d, String method, long timeoutMs) {
    return await(connection.callMethodAsync(d, method), timeoutMs);
  }

  /** dbus-java's DBusAsyncReply cannot tell a void method's success from no reply: look at the message. */
  private static Call await(DBusAsyncReply<?> reply, long timeoutMs) {
    Message m = reply.getCall().getReply(timeoutMs);
    if (m == null) {
      return Call.TIMEOUT;
    }
    if (m.getType() == MessageType.ERROR) {
      LOG.debug("radio: GATT call answered with {}", m.getName());
      return Call.ERROR;
    }
    return Call.OK;
  }

  private GattOutcome failed(Call c, String device) {
    if (gone(device)) {
      return GattOutcome.GONE;
    }
    return c == Call.TIMEOUT ? GattOutcome.TIMEOUT : GattOutcome.REFUSED;
  }

  private boolean awaitServicesResolved(String device, long deadlineNanos) {
    while (true) {
      Object resolved = deviceProperty(device, "ServicesResolved");
      if (Boolean.TRUE.equals(resolved)) {
        return true;
      }
      if (resolved == null || monotonic.nanos() - deadlineNanos >= 0) {
        return false;
      }
      try {
        Thread.sleep(settings.resolvePoll().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** True only when BlueZ says the device is not there; a BlueZ that does not answer in time proves nothing. */
  private boolean gone(String device) {
    try {
      Properties p = connection.getRemoteObject(BUS_NAME, device, Properties.class);
      return await(connection.callMethodAsync(p, "Get", Device1.NAME, "Address"), settings.connectTimeout().toMillis()) == Call.ERROR;
    } catch (DBusException | DBusExecutionException e) {
      return true;
    }
  }

  /** A Device1 property, or null when the device (or BlueZ) is gone or does not answer in time. */
  private Object deviceProperty(String device, String name) {
    try {
      Properties p = connection.getRemoteObject(BUS_NAME, device, Properties.class);
      DBusAsyncReply<?> reply = connection.callMethodAsync(p, "Get", Device1.NAME, name);
      if (await(reply, settings.connectTimeout().toMillis()) != Call.OK) {
        return null;
      }
      Object v = reply.getReply();
      return v instanceof Variant<?> variant ? variant.getValue() : v;
    } catch (DBusException | DBusExecutionException e) {
      return null;
    }
  }

  /** The adapter's object path: {@code /org/bluez/hci0} for a name, looked up once for an address. */
  private String adapterPath() throws DBusException {
    if (adapterPath == null) {
      adapterPath = settings.adapter().contains(":")
          ? DeviceLookup.adapterPath(managedObjects(), settings.adapter())
          : "/org/bluez/" + settings.adapter();
    }
    return adapterPath;
  }

  /** BlueZ's objects (devices, GATT services and characteristics), or an empty map when it does not answer in time. */
  @SuppressWarnings("unchecked")
  private Map<DBusPath, Map<String, Map<String, Variant<?>>>> managedObjects() throws DBusException {
    ObjectManager om = connection.getRemoteObject(BUS_NAME, "/", ObjectManager.class);
    DBusAsyncReply<?> reply = connection.callMethodAsync(om, "GetManagedObjects");
    if (await(reply, settings.connectTimeout().toMillis()) != Call.OK) {
      return Map.of();
    }
    return (Map<DBusPath, Map<String, Map<String, Variant<?>>>>) reply.getReply();
  }

  /** Waits for a read in progress (bounded by the connect timeout) and disconnects. */
  @Override
  public synchronized void close() {
    sink = null;
    if (worker != null) {
      worker.shutdown();
      try {
        if (!worker.awaitTermination(3 * settings.connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
          worker.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (connection != null) {
      connection.disconnect();
      connection = null;
    }
  }
}
