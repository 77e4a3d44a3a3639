package org.proximity.gateway.radio.tinyb;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.proximity.gateway.ad.AdParser;
import org.proximity.gateway.radio.AdRebuilder;
import org.proximity.gateway.radio.AddressType;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.AdvertisementSink;
import org.proximity.gateway.radio.AdvertisementSource;
import org.proximity.gateway.radio.BluetoothAddress;
import org.proximity.gateway.radio.RadioHealth;
import org.proximity.gateway.radio.Redact;
import org.proximity.gateway.radio.recovery.RadioFailureHandler;
import org.proximity.gateway.radio.recovery.RecoveryLadder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinyb.BluetoothAdapter;
import tinyb.BluetoothDevice;
import tinyb.BluetoothException;
import tinyb.BluetoothManager;

/**
 * Hears the radio through TinyB (the {@code tinyb.*} classes and natives embedded in {@code
 * org.sputnikdev:bluetooth-manager-tinyb:1.3.3}); the only package that imports {@code tinyb}.
 *
 * <p>Limits (docs/radio.md): natives for 32-bit ARM, x86 and x86-64 only, so not on 64-bit
 * Raspberry Pi OS; this TinyB cannot set {@code DuplicateData} (the key is absent from its native
 * library), so on a real BlueZ repeated identical data arrives only with RSSI changes; TinyB
 * reports no address type; there is no device-added callback, so new devices are found by polling
 * the adapter's device list every {@code pollInterval}.
 *
 * <p>Threads: TinyB's GLib thread delivers RSSI, ManufacturerData and ServiceData notifications;
 * the callback converts and calls the sink (the Pipeline's non-blocking, bounded, drop-oldest
 * {@code accept}) and does nothing else. The thread {@value #POLL_THREAD} finds new devices, removes
 * silent ones from BlueZ and runs the same {@link RecoveryLadder} as the bluez source.
 */
public final class TinybAdvertisementSource implements AdvertisementSource {
  public static final String NAME = "tinyb";
  static final String POLL_THREAD = "radio-tinyb-poll";
  /** How long a device we removed is not tracked again while TinyB still lists it. */
  private static final Duration REMOVAL_SETTLE = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(TinybAdvertisementSource.class);

  /**
   * @param adapter adapter name ({@code hci0}) or address
   * @param pollInterval how often the device list is read (new devices) and the ladder ticks
   * @param cleanupInterval how often silent devices are removed from BlueZ
   * @param silentBeforeRemoval silence before a device that is not paired or connected is removed
   * @param ladder recovery thresholds (shared with the bluez source)
   */
  public record Config(String adapter, Duration pollInterval, Duration cleanupInterval,
      Duration silentBeforeRemoval, RecoveryLadder.Policy ladder) {
    public Config {
      Objects.requireNonNull(adapter, "adapter");
      Objects.requireNonNull(ladder, "ladder");
      for (Duration d : List.of(pollInterval, cleanupInterval, silentBeforeRemoval)) {
        if (d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException("tinyb durations must be positive, was " + d);
        }
      }
    }

    public static Config defaults() {
      return new Config("hci0", Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(120),
          RecoveryLadder.Policy.defaults());
    }
  }

  private final Config config;
  private final InstantSource clock;
  private final RadioFailureHandler onFailure;
  private final RecoveryLadder ladder;
  private final Map<String, Tracked> devices = new ConcurrentHashMap<>();
  /** Addresses removed from BlueZ that TinyB may still list for a moment (poll thread only). */
  private final Map<String, Instant> removedRecently = new HashMap<>();
  private final AtomicLong advertisements = new AtomicLong();
  private final AtomicLong omitted = new AtomicLong();
  private final AtomicLong removed = new AtomicLong();
  private final AtomicLong removalFailures = new AtomicLong();
  private volatile AdvertisementSink sink;
  private volatile BluetoothAdapter adapter;
  private BluetoothManager manager;
  private ScheduledExecutorService poller;
  private Instant lastCleanup;

  public TinybAdvertisementSource(Config config, InstantSource clock,
      RadioFailureHandler onFailure) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
    this.ladder = new RecoveryLadder(new Port(), clock, config.ladder(),
        () -> ThreadLocalRandom.current().nextDouble());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public synchronized void start(AdvertisementSink target) throws SourceException {
    TinybNatives.load();
    this.sink = Objects.requireNonNull(target, "sink");
    try {
      manager = BluetoothManager.getBluetoothManager();
    } catch (RuntimeException | LinkageError e) {
      throw new SourceException("tinyb: cannot reach BlueZ through TinyB (" + Redact.scrub(e.getMessage()) + "); "
          + TinybNatives.BLUEZ_HINT, null);
    }
    adapter = findAdapter();
    if (adapter == null) {
      throw new SourceException("tinyb: no Bluetooth adapter '" + config.adapter()
          + "' in BlueZ; check `bluetoothctl list` and radio.adapter");
    }
    setUpDiscoveryLogged(adapter);
    lastCleanup = clock.instant();
    poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, POLL_THREAD);
      t.setDaemon(true);
      return t;
    });
    long poll = config.pollInterval().toMillis();
    poller.scheduleWithFixedDelay(this::pollSafely, 0, poll, TimeUnit.MILLISECONDS);
    LOG.info("radio: tinyb source scanning (adapter {}; DuplicateData cannot be set through TinyB)", config.adapter());
  }

  private BluetoothAdapter findAdapter() {
    try {
      for (BluetoothAdapter a : manager.getAdapters()) {
        if (config.adapter().equals(a.getInterfaceName()) || config.adapter().equalsIgnoreCase(a.getAddress())) {
          return a;
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("radio: tinyb could not list adapters: {}", Redact.scrub(e));
    }
    return null;
  }

  /** StartDiscovery; "already in progress" is success, any other failure is thrown. */
  private static void setUpDiscovery(BluetoothAdapter a) {
    try {
      a.startDiscovery();
    } catch (BluetoothException e) {
      if (e.getMessage() == null || !e.getMessage().contains("InProgress")) {
        throw e;
      }
    }
  }

  /** At start and when the adapter comes back: a failure is logged; the ladder retries it. */
  private static void setUpDiscoveryLogged(BluetoothAdapter a) {
    try {
      setUpDiscovery(a);
    } catch (BluetoothException e) {
      LOG.warn("radio: tinyb could not start discovery: {}", firstLine(Redact.scrub(e)));
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "(no message)";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  @Override
  public Optional<RadioHealth> radioHealth() {
    return Optional.of(health());
  }

  public RadioHealth health() {
    return new RadioHealth(NAME, ladder.status(), new RadioHealth.Reports(advertisements.get(), 0, omitted.get()),
        new RadioHealth.DeviceCache(devices.size(), removed.get(), removalFailures.get()), ladder.counters());
  }

  // ---- poll thread ----

  private void pollSafely() {
    try {
      poll();
      ladder.tick();
    } catch (RuntimeException e) {
      LOG.warn("radio: tinyb poll failed: {}", Redact.scrub(e));
    }
  }

  /**
   * Presence is read from TinyB's object cache on every poll (no D-Bus call): a TinyB adapter
   * object may outlive the D-Bus object it stood for and answer from its cached properties, so an
   * unplugged adapter or a restarted bluetoothd is recognised by its absence from the list.
   */
  private void poll() {
    BluetoothAdapter a = findAdapter();
    BluetoothAdapter previous = adapter;
    adapter = a;
    if (a == null) {
      if (previous != null) {
        devices.clear(); // their objects went with the adapter
      }
      return;
    }
    if (previous == null) {
      setUpDiscoveryLogged(a);
    }
    List<BluetoothDevice> list;
    try {
      list = a.getDevices();
    } catch (RuntimeException e) {
      adapter = null;
      devices.clear();
      return;
    }
    Instant now = clock.instant();
    Set<String> listed = new HashSet<>();
    for (BluetoothDevice d : list) {
      String address = d.getAddress();
      if (address == null || devices.containsKey(address)) {
        continue;
      }
      listed.add(address);
      Instant removedAt = removedRecently.get(address);
      if (removedAt != null && now.isBefore(removedAt.plus(REMOVAL_SETTLE))) {
        continue; // removed by us; TinyB's cache has not heard InterfacesRemoved yet
      }
      Tracked t = new Tracked(d, address);
      if (devices.putIfAbsent(address, t) == null) {
        t.subscribe();
      }
    }
    removedRecently.keySet().retainAll(listed);
    if (!now.isBefore(lastCleanup.plus(config.cleanupInterval()))) {
      lastCleanup = now;
      removeSilentDevices(now.minus(config.silentBeforeRemoval()));
    }
  }

  private void removeSilentDevices(Instant cutoff) {
    for (Tracked t : new ArrayList<>(devices.values())) {
      if (!t.lastHeard.isBefore(cutoff)) {
        continue;
      }
      try {
        if (t.device.getPaired() || t.device.getConnected()) {
          continue;
        }
        t.device.disableRSSINotifications();
        t.device.disableManufacturerDataNotifications();
        t.device.disableServiceDataNotifications();
        t.device.remove();
        removedRecently.put(t.key, clock.instant());
        removed.incrementAndGet();
      } catch (RuntimeException e) {
        removalFailures.incrementAndGet();
      }
      devices.remove(t.key, t);
    }
  }

  /** One device: its last known data, updated by TinyB notifications on TinyB's thread. */
  private final class Tracked {
    final BluetoothDevice device;
    final String key;
    final BluetoothAddress address;
    volatile Instant lastHeard;
    // written on TinyB's notification thread (and once on subscribe); guarded by this
    int rssi;
    Map<Integer, byte[]> manufacturer = Map.of();
    Map<String, byte[]> service = Map.of();
    List<String> uuids = List.of();
    String name;

    Tracked(BluetoothDevice device, String key) {
      this.device = device;
      this.key = key;
      this.address = BluetoothAddress.parse(key);
      this.lastHeard = clock.instant();
    }

    void subscribe() {
      synchronized (this) {
        rssi = device.getRSSI();
        manufacturer = manufacturer(device.getManufacturerData());
        service = copy(device.getServiceData());
        String[] u = device.getUUIDs();
        uuids = u == null ? List.of() : Arrays.asList(u);
        name = device.getName();
      }
      device.enableRSSINotifications(v -> {
        synchronized (this) {
          rssi = v;
        }
        report();
      });
      device.enableManufacturerDataNotifications(v -> {
        synchronized (this) {
          manufacturer = manufacturer(v);
        }
        report();
      });
      device.enableServiceDataNotifications(v -> {
        synchronized (this) {
          service = copy(v);
        }
        report();
      });
      if (rssi != 0) {
        report();
      }
    }

    /** Converts and hands over; never decodes, hashes or blocks. */
    void report() {
      Instant now = clock.instant();
      lastHeard = now;
      AdRebuilder.Result r;
      int level;
      synchronized (this) {
        r = AdRebuilder.rebuild(manufacturer, service, uuids, name, AdParser.LEGACY_MAX_LENGTH);
        level = rssi;
      }
      omitted.addAndGet(r.omitted());
      AdvertisementSink target = sink;
      if (target != null) {
        advertisements.incrementAndGet();
        ladder.onAdvertisement(now);
        target.accept(new Advertisement(now, address, AddressType.UNKNOWN, level, r.data()));
      }
    }
  }

  private static Map<Integer, byte[]> manufacturer(Map<Short, byte[]> m) {
    if (m == null) {
      return Map.of();
    }
    Map<Integer, byte[]> out = new HashMap<>();
    m.forEach((k, v) -> out.put(k & 0xFFFF, v.clone()));
    return out;
  }

  private static Map<String, byte[]> copy(Map<String, byte[]> m) {
    if (m == null) {
      return Map.of();
    }
    Map<String, byte[]> out = new HashMap<>();
    m.forEach((k, v) -> out.put(k, v.clone()));
    return out;
  }

  private final class Port implements RecoveryLadder.Port {
    @Override
    public RecoveryLadder.AdapterState adapterState() {
      BluetoothAdapter a = adapter;
      if (a == null) {
        return RecoveryLadder.AdapterState.ABSENT;
      }
      try {
        return new RecoveryLadder.AdapterState(true, a.getPowered(), a.getDiscovering());
      } catch (RuntimeException e) {
        return RecoveryLadder.AdapterState.ABSENT;
      }
    }

    @Override
    public void restartDiscovery() {
      BluetoothAdapter a = adapter;
      if (a != null) {
        try {
          a.stopDiscovery();
        } catch (BluetoothException ignored) {
          // not discovering
        }
        setUpDiscovery(a);
      }
    }

    @Override
    public void powerCycle() {
      BluetoothAdapter a = adapter;
      if (a != null) {
        a.setPowered(false);
        a.setPowered(true);
        setUpDiscovery(a);
      }
    }

    @Override
    public void giveUp(String reason) {
      onFailure.radioFailed(reason);
    }
  }

  @Override
  public synchronized void close() {
    sink = null;
    if (poller != null) {
      poller.shutdownNow();
      try {
        poller.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    BluetoothAdapter a = adapter;
    if (a != null) {
      try {
        a.stopDiscovery();
      } catch (RuntimeException ignored) {
        // bluetoothd gone
      }
    }
  }
}
