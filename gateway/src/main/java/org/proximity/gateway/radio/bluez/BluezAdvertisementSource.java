package org.proximity.gateway.radio.bluez;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.Variant;
import org.proximity.gateway.radio.AdRebuilder;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.AdvertisementSink;
import org.proximity.gateway.radio.AdvertisementSource;
import org.proximity.gateway.radio.RadioHealth;
import org.proximity.gateway.radio.Redact;
import org.proximity.gateway.radio.recovery.RadioFailureHandler;
import org.proximity.gateway.radio.recovery.RecoveryLadder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears the radio through BlueZ's D-Bus API with dbus-java (pure Java: any CPU, no natives).
 *
 * <p>Start: connect, find the adapter by name or address (one {@code GetManagedObjects}, never in a
 * loop), {@code SetDiscoveryFilter({Transport: "le", DuplicateData: true})}, {@code
 * StartDiscovery}. From then on {@code InterfacesAdded}, {@code InterfacesRemoved} and {@code
 * PropertiesChanged} of {@code org.bluez.Device1} keep a per-device cache and become {@link
 * Advertisement}s with rebuilt AD bytes ({@link AdRebuilder}).
 *
 * <p>Threads. One dbus-java signal thread (so reports of one device stay in order) converts each
 * signal and calls the sink; it never decodes, hashes, logs an address or makes a D-Bus call. The
 * sink is the {@code Pipeline}, whose {@code accept} only offers to a bounded drop-oldest queue and
 * counts drops, so the callback never blocks. The thread {@value #HOUSEKEEPING_THREAD} runs the
 * {@link RecoveryLadder}, the cache clean-up ({@code RemoveDevice} of silent devices) and every
 * call that sets discovery up again.
 *
 * <p>Privacy: device object paths contain the MAC address; they are never logged.
 */
public final class BluezAdvertisementSource implements AdvertisementSource {
  public static final String NAME = "bluez";
  static final String HOUSEKEEPING_THREAD = "radio-bluez-housekeeping";
  private static final Logger LOG = LoggerFactory.getLogger(BluezAdvertisementSource.class);
  private static final String BUS_NAME = "org.bluez";
  private static final String DEVICE1 = "org.bluez.Device1";
  private static final String BUS_DAEMON = "org.freedesktop.DBus";

  private final BluezConfig config;
  private final InstantSource clock;
  private final RadioFailureHandler onFailure;
  private final RecoveryLadder ladder;
  private final Map<String, DeviceState> devices = new ConcurrentHashMap<>();
  private final AtomicLong advertisements = new AtomicLong();
  private final AtomicLong withoutRssi = new AtomicLong();
  private final AtomicLong omitted = new AtomicLong();
  private final AtomicLong removed = new AtomicLong();
  private final AtomicLong removalFailures = new AtomicLong();
  private final AtomicLong ignoredSignals = new AtomicLong();
  private final List<AutoCloseable> handlers = new ArrayList<>();
  private volatile AdvertisementSink sink;
  private volatile String adapterPath;
  /** The unique bus name (":1.42") that owns org.bluez now, or null; signals from others are ignored. */
  private volatile String bluezOwner;
  private DBusConnection connection;
  private ScheduledExecutorService housekeeping;

  /**
   * @param config adapter, bus, clean-up and ladder settings ({@link BluezConfig#defaults()})
   * @param clock stamps advertisements and drives the ladder (the system clock in the service)
   * @param onFailure called once when the ladder gives up (exit status 75)
   */
  public BluezAdvertisementSource(BluezConfig config, InstantSource clock, RadioFailureHandler onFailure) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
    this.ladder = new RecoveryLadder(new LadderPort(), clock, config.ladder(),
        () -> ThreadLocalRandom.current().nextDouble());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public synchronized void start(AdvertisementSink target) throws SourceException {
    if (connection != null) {
      throw new IllegalStateException("already started");
    }
    this.sink = Objects.requireNonNull(target, "sink");
    try {
      DBusConnectionBuilder b = config.busAddress() == null
          ? DBusConnectionBuilder.forSystemBus()
          : DBusConnectionBuilder.forAddress(config.busAddress());
      connection = b.receivingThreadConfig().withSignalThreadCount(1).connectionConfig().build();
    } catch (DBusException | RuntimeException e) {
      throw new SourceException("cannot connect to the D-Bus system bus: " + Redact.scrub(e.getMessage()), e);
    }
    try {
      handlers.add(connection.addSigHandler(ObjectManager.InterfacesAdded.class, this::onInterfacesAdded));
      handlers.add(connection.addSigHandler(ObjectManager.InterfacesRemoved.class, this::onInterfacesRemoved));
      handlers.add(connection.addSigHandler(Properties.PropertiesChanged.class, this::onPropertiesChanged));
      handlers.add(connection.addSigHandler(DBus.NameOwnerChanged.class, this::onNameOwnerChanged));
      bluezOwner = ownerOfBluez();
      if (findAdapter()) {
        setUpDiscovery();
      } else {
        // as when the adapter goes later: the ladder waits for it (InterfacesAdded), then gives up
        LOG.warn("radio: no Bluetooth adapter '{}' in BlueZ yet (check `bluetoothctl list` and radio.adapter);"
            + " waiting up to {} s for it", config.adapter(), config.ladder().adapterWait().toSeconds());
      }
    } catch (DBusException | DBusExecutionException e) {
      close();
      throw new SourceException("BlueZ (org.bluez on the system bus) did not answer: " + Redact.scrub(e.getMessage()), e);
    }
    housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, HOUSEKEEPING_THREAD);
      t.setDaemon(true);
      return t;
    });
    long tick = config.tickInterval().toMillis();
    housekeeping.scheduleWithFixedDelay(guarded(ladder::tick), tick, tick, TimeUnit.MILLISECONDS);
    long clean = config.cleanupInterval().toMillis();
    housekeeping.scheduleWithFixedDelay(guarded(this::removeSilentDevices), clean, clean, TimeUnit.MILLISECONDS);
    LOG.info("radio: bluez source scanning (adapter {}, LE, duplicate data on)", config.adapter());
  }

  private static Runnable guarded(Runnable r) {
    return () -> {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.warn("radio: housekeeping step failed: {}", Redact.scrub(e));
      }
    };
  }

  /** Counters for the health topic; callable from any thread. */
  @Override
  public Optional<RadioHealth> radioHealth() {
    return Optional.of(health());
  }

  /** BlueZ-looking signals dropped because they did not come from the owner of org.bluez. */
  public long ignoredSignals() {
    return ignoredSignals.get();
  }

  public RadioHealth health() {
    return new RadioHealth(NAME, ladder.status(),
        new RadioHealth.Reports(advertisements.get(), withoutRssi.get(), omitted.get()),
        new RadioHealth.DeviceCache(devices.size(), removed.get(), removalFailures.get()), ladder.counters());
  }

  // ---- D-Bus signal thread: convert and hand over, nothing else ----

  /**
   * Any client on the system bus may emit a signal that looks like BlueZ's; only the current owner
   * of {@code org.bluez} is believed, so another process cannot inject devices or hide the adapter.
   */
  private boolean fromBluez(DBusSignal s) {
    String owner = bluezOwner;
    return owner != null && owner.equals(s.getSource());
  }

  private void onInterfacesAdded(ObjectManager.InterfacesAdded s) {
    if (!fromBluez(s)) {
      ignoredSignals.incrementAndGet();
      return;
    }
    // dbus-java: getObjectPath() is the path the signal came from ("/"), getSignalSource() the object
    String path = s.getSignalSource().getPath();
    Map<String, Map<String, Variant<?>>> ifaces = s.getInterfaces();
    Map<String, Variant<?>> adapterProps = ifaces.get(Adapter1.NAME);
    if (adapterProps != null && adapterPath == null && matchesAdapter(path, adapterProps)) {
      adapterPath = path;
      execute(this::setUpDiscoveryQuietly);
      return;
    }
    Map<String, Variant<?>> props = ifaces.get(DEVICE1);
    if (props != null && isOurDevice(path)) {
      Instant now = clock.instant();
      DeviceState d = new DeviceState(now);
      devices.put(path, d);
      if (d.apply(props)) {
        emit(d, now);
      }
    }
  }

  private void onInterfacesRemoved(ObjectManager.InterfacesRemoved s) {
    if (!fromBluez(s)) {
      ignoredSignals.incrementAndGet();
      return;
    }
    String path = s.getSignalSource().getPath();
    if (path.equals(adapterPath) && s.getInterfaces().contains(Adapter1.NAME)) {
      adapterPath = null;
      devices.keySet().removeIf(p -> p.startsWith(path + "/"));
    } else if (s.getInterfaces().contains(DEVICE1)) {
      devices.remove(path);
    }
  }

  private void onPropertiesChanged(Properties.PropertiesChanged s) {
    String path = s.getPath();
    if (DEVICE1.equals(s.getInterfaceName())) {
      if (!fromBluez(s)) {
        ignoredSignals.incrementAndGet();
        return;
      }
      if (!isOurDevice(path)) {
        return;
      }
      Instant now = clock.instant();
      DeviceState d = devices.computeIfAbsent(path, p -> new DeviceState(now));
      d.invalidate(s.getPropertiesRemoved());
      if (d.apply(s.getPropertiesChanged())) {
        emit(d, now);
      }
    }
  }

  private void onNameOwnerChanged(DBus.NameOwnerChanged s) {
    if (!BUS_NAME.equals(s.name) || !BUS_DAEMON.equals(s.getSource())) {
      return;
    }
    if (s.newOwner == null || s.newOwner.isEmpty()) {
      // bluetoothd went away: every object is gone, whether or not InterfacesRemoved was sent
      bluezOwner = null;
      adapterPath = null;
      devices.clear();
    } else {
      bluezOwner = s.newOwner;
      execute(() -> {
        try {
          if (findAdapter()) {
            setUpDiscoveryQuietly();
          }
        } catch (DBusException | DBusExecutionException e) {
          LOG.warn("radio: BlueZ came back but did not answer: {}", Redact.scrub(e));
        }
      });
    }
  }

  private void emit(DeviceState d, Instant now) {
    d.lastHeard = now;
    if (d.address == null) {
      return;
    }
    if (d.rssi == null) {
      withoutRssi.incrementAndGet();
      return;
    }
    AdRebuilder.Result r = AdRebuilder.rebuild(d.manufacturerData, d.serviceData, d.uuids, d.name,
        config.rebuiltDataLimit());
    if (r.omitted() > 0) {
      omitted.addAndGet(r.omitted());
    }
    AdvertisementSink target = sink;
    if (target != null) {
      advertisements.incrementAndGet();
      ladder.onAdvertisement(now);
      target.accept(new Advertisement(now, d.address, d.addressType, d.rssi, r.data()));
    }
  }

  private boolean isOurDevice(String path) {
    String a = adapterPath;
    return a != null && path.startsWith(a + "/");
  }

  private boolean matchesAdapter(String path, Map<String, Variant<?>> props) {
    String want = config.adapter();
    if (path.endsWith("/" + want)) {
      return true;
    }
    Variant<?> address = props.get("Address");
    return address != null && want.equalsIgnoreCase(String.valueOf(address.getValue()));
  }

  private void execute(Runnable r) {
    ScheduledExecutorService h = housekeeping;
    if (h != null && !h.isShutdown()) {
      try {
        h.execute(guarded(r));
      } catch (RejectedExecutionException ignored) {
        // closing
      }
    }
  }

  // ---- housekeeping thread (and start) ----

  /** The unique name owning org.bluez, or null when nobody does (bluetoothd not running). */
  private String ownerOfBluez() throws DBusException {
    DBus dbus = connection.getRemoteObject(BUS_DAEMON, "/org/freedesktop/DBus", DBus.class);
    try {
      return dbus.GetNameOwner(BUS_NAME);
    } catch (DBusExecutionException e) {
      return null;
    }
  }

  /** One GetManagedObjects: finds the adapter and learns the devices BlueZ already holds. */
  private boolean findAdapter() throws DBusException {
    ObjectManager om = connection.getRemoteObject(BUS_NAME, "/", ObjectManager.class);
    Map<DBusPath, Map<String, Map<String, Variant<?>>>> objects = om.GetManagedObjects();
    String found = null;
    for (Map.Entry<DBusPath, Map<String, Map<String, Variant<?>>>> e : objects.entrySet()) {
      Map<String, Variant<?>> a = e.getValue().get(Adapter1.NAME);
      if (a != null && matchesAdapter(e.getKey().getPath(), a)) {
        found = e.getKey().getPath();
        break;
      }
    }
    if (found == null) {
      return false;
    }
    adapterPath = found;
    Instant now = clock.instant();
    for (Map.Entry<DBusPath, Map<String, Map<String, Variant<?>>>> e : objects.entrySet()) {
      Map<String, Variant<?>> d = e.getValue().get(DEVICE1);
      String p = e.getKey().getPath();
      if (d != null && p.startsWith(found + "/")) {
        devices.computeIfAbsent(p, x -> new DeviceState(now)).apply(d);
      }
    }
    return true;
  }

  private Adapter1 adapter(String path) throws DBusException {
    return connection.getRemoteObject(BUS_NAME, path, Adapter1.class);
  }

  /** The filter is per D-Bus client and lost with bluetoothd: set it before every StartDiscovery. */
  private void setUpDiscovery() throws DBusException {
    String path = adapterPath;
    if (path == null) {
      return;
    }
    Adapter1 a = adapter(path);
    a.SetDiscoveryFilter(Map.of("Transport", new Variant<>("le"), "DuplicateData", new Variant<>(Boolean.TRUE)));
    try {
      a.StartDiscovery();
    } catch (DBusExecutionException e) {
      // org.bluez.Error.InProgress: already discovering, which is what we want
      if (!String.valueOf(e.getType()).endsWith("InProgress")) {
        throw e;
      }
    }
  }

  private void setUpDiscoveryQuietly() {
    try {
      setUpDiscovery();
      LOG.info("radio: adapter {} present; discovery set up", config.adapter());
    } catch (DBusException | DBusExecutionException e) {
      LOG.warn("radio: setting up discovery failed: {}", Redact.scrub(e));
    }
  }

  private void removeSilentDevices() {
    String path = adapterPath;
    if (path == null) {
      return;
    }
    Instant cutoff = clock.instant().minus(config.silentBeforeRemoval());
    Adapter1 a;
    try {
      a = adapter(path);
    } catch (DBusException e) {
      return;
    }
    for (Map.Entry<String, DeviceState> e : devices.entrySet()) {
      DeviceState d = e.getValue();
      if (d.paired || d.connected || d.trusted || !d.lastHeard.isBefore(cutoff)) {
        continue;
      }
      try {
        a.RemoveDevice(new DBusPath(e.getKey()));
        devices.remove(e.getKey(), d);
        removed.incrementAndGet();
      } catch (DBusExecutionException ex) {
        removalFailures.incrementAndGet();
        if (String.valueOf(ex.getType()).endsWith("DoesNotExist")) {
          devices.remove(e.getKey(), d);
        }
      }
    }
  }

  private final class LadderPort implements RecoveryLadder.Port {
    @Override
    public RecoveryLadder.AdapterState adapterState() {
      String path = adapterPath;
      if (path == null) {
        return RecoveryLadder.AdapterState.ABSENT;
      }
      try {
        Properties p = connection.getRemoteObject(BUS_NAME, path, Properties.class);
        Map<String, Variant<?>> all = p.GetAll(Adapter1.NAME);
        return new RecoveryLadder.AdapterState(true,
            Boolean.TRUE.equals(value(all, "Powered")), Boolean.TRUE.equals(value(all, "Discovering")));
      } catch (DBusException | DBusExecutionException e) {
        return RecoveryLadder.AdapterState.ABSENT;
      }
    }

    @Override
    public void restartDiscovery() throws DBusException {
      String path = adapterPath;
      if (path == null) {
        return;
      }
      try {
        adapter(path).StopDiscovery();
      } catch (DBusExecutionException ignored) {
        // not discovering (NotReady/Failed): start anyway
      }
      setUpDiscovery();
    }

    @Override
    public void powerCycle() throws DBusException {
      String path = adapterPath;
      if (path == null) {
        return;
      }
      Properties p = connection.getRemoteObject(BUS_NAME, path, Properties.class);
      p.Set(Adapter1.NAME, "Powered", new Variant<>(Boolean.FALSE));
      p.Set(Adapter1.NAME, "Powered", new Variant<>(Boolean.TRUE));
      setUpDiscovery();
    }

    @Override
    public void giveUp(String reason) {
      onFailure.radioFailed(reason);
    }
  }

  private static Object value(Map<String, Variant<?>> m, String key) {
    Variant<?> v = m.get(key);
    return v == null ? null : v.getValue();
  }

  /** Stops discovery (best effort) and disconnects; no sink call is made once this returns. */
  @Override
  public synchronized void close() {
    sink = null;
    if (housekeeping != null) {
      housekeeping.shutdownNow();
      try {
        housekeeping.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (connection == null) {
      return;
    }
    for (AutoCloseable h : handlers) {
      try {
        h.close();
      } catch (Exception ignored) {
        // the connection goes next anyway
      }
    }
    handlers.clear();
    String path = adapterPath;
    if (path != null) {
      try {
        adapter(path).StopDiscovery();
      } catch (DBusException | DBusExecutionException | IllegalStateException ignored) {
        // bluetoothd gone or not discovering
      }
    }
    connection.disconnect();
    connection = null;
  }
}
