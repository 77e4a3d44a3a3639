package org.proximity.gateway.app;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.proximity.common.cli.ExitCodes;
import org.proximity.common.config.ConfigException;
import org.proximity.common.mqtt.MqttSettings;
import org.proximity.common.mqtt.MqttSettingsFactory;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.ClockState;
import org.proximity.contract.payload.TopicScheme;
import org.proximity.contract.rollingid.DayKey;
import org.proximity.gateway.bucket.EncounterAggregator;
import org.proximity.gateway.bucket.HashingKey;
import org.proximity.gateway.clock.ClockMonitor;
import org.proximity.gateway.clock.MonotonicClock;
import org.proximity.gateway.config.GatewayConfig;
import org.proximity.gateway.keys.KeyFiles;
import org.proximity.gateway.publish.MqttTransport;
import org.proximity.gateway.publish.file.FileOutbox;
import org.proximity.gateway.publish.file.StateDirectoryLock;
import org.proximity.gateway.publish.paho.PahoMqttTransport;
import org.proximity.gateway.radio.AdvertisementSource;
import org.proximity.gateway.radio.bluez.BluezAdvertisementSource;
import org.proximity.gateway.radio.bluez.BluezConfig;
import org.proximity.gateway.radio.bluez.BluezGattReader;
import org.proximity.gateway.radio.recovery.RadioFailureHandler;
import org.proximity.gateway.radio.replay.CaptureFormat;
import org.proximity.gateway.radio.replay.ReplayAdvertisementSource;
import org.proximity.gateway.radio.simulator.ScaledClock;
import org.proximity.gateway.radio.simulator.SimulatedAdvertisementSource;
import org.proximity.gateway.radio.simulator.SimulationConfig;
import org.proximity.gateway.radio.simulator.StationSimulator;
import org.proximity.gateway.radio.simulator.StationSimulator.GroundTruth;
import org.proximity.gateway.radio.tinyb.TinybAdvertisementSource;
import org.proximity.gateway.status.LogStatusIndicator;
import org.proximity.gateway.status.StatusFeed;
import org.proximity.gateway.status.StatusIndicator;
import org.proximity.gateway.status.gpio.Pi4jStatusLed;
import org.proximity.gateway.systemd.ServiceNotifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service as {@code run --config} starts it: builds every part from the configuration (the
 * one place that chooses adapters), starts them, and stops them in order. {@link #awaitEnd}
 * returns the exit status: 0 after a stop or the end of a replay, 75 when the radio gave up.
 */
public final class Service implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Service.class);

  private final Gateway gateway;
  private final AdvertisementSource source;
  private final HealthReporter health;
  private final ClockMonitor clock;
  private final StatusIndicator status;
  private final StateDirectoryLock lock;
  private final ExitSignal exit;
  private final Duration healthPeriod;
  private final ServiceNotifier systemd;
  private final StatusFileWriter statusFile;
  private boolean closed;

  private Service(GatewayConfig cfg, Parts parts, Duration healthPeriod) {
    this.source = parts.source;
    this.clock = parts.clock;
    this.gateway = parts.gateway;
    this.healthPeriod = healthPeriod;
    this.health = new HealthReporter(
        gateway, source, InstantSource.system(), MonotonicClock.system(), parts.clockState, cfg.site(), cfg.gateway(), parts.keys.state()::snapshot);
    ShownStatus shown = new ShownStatus(parts.status);
    this.status = shown;
    this.lock = parts.lock;
    this.exit = parts.exit;
    StatusFeed feed = new StatusFeed(status);
    this.health.onReport(h -> {
      feed.accept(h);
      parts.keys.retryFileWrite().run();
    });
    LongSupplier dayKey = parts.keys.forDay() instanceof RatchetingKeys r ? r::day : () -> -1;
    this.statusFile = new StatusFileWriter(statusFile(cfg), gateway,
        new StatusFileWriter.Sources(source, parts.clockState, dayKey, shown::last), InstantSource.system(),
        MonotonicClock.system());
    this.systemd = ServiceNotifier.fromEnvironment(System.getenv(), gateway.pipeline()::passes,
        new StatusLine(gateway, source, MonotonicClock.system())::line);
  }

  private record Parts(
      AdvertisementSource source, ClockMonitor clock, Gateway gateway, Supplier<ClockState> clockState,
      StatusIndicator status, Keys keys, StateDirectoryLock lock, ExitSignal exit) {}

  /** The ratchet, its state, and the retry of a failed key-file replacement (nothing to retry for a root key). */
  private record Keys(HashingKey.ForDay forDay, DayKeyState state, Runnable retryFileWrite) {}

  /** Builds the service; every problem a technician can fix is a {@link ConfigException}. */
  public static Service build(GatewayConfig cfg, Duration healthPeriod) throws ConfigException, IOException {
    ExitSignal exit = new ExitSignal();
    RadioFailureHandler onRadioFailure = reason -> {
      LOG.error("radio recovery exhausted: {}; exiting with status {} so that systemd restarts the service", reason, ExitCodes.RADIO_FAILED);
      exit.end(ExitCodes.RADIO_FAILED);
    };
    boolean live = cfg.radio().source().live();
    InstantSource wall = InstantSource.system();
    MonotonicClock monotonic = MonotonicClock.system();
    Listening heard = listening(cfg, wall, onRadioFailure);
    AdvertisementSource source = heard.source();
    InstantSource sourceClock = heard.clock();
    ClockMonitor clock = live ? ClockMonitor.forSetting(cfg.clock().sync()) : null;
    Supplier<ClockState> clockState =
        live ? clock : cfg.radio().source() == GatewayConfig.RadioSource.REPLAY ? () -> ClockState.CAPTURE : () -> ClockState.SIMULATED;
    // never ratchet past the wall-clock day + 1 until NTP confirms the clock ("trust" confirms nothing)
    LongSupplier ceiling = live
        ? RatchetingKeys.untilClockSynced(
            () -> clockState.get().synced() && !clockState.get().source().equals(ClockMonitor.TRUSTED),
            () -> DayKey.epochDayOf(wall.instant()))
        : RatchetingKeys.NO_CEILING;
    Keys keys = keys(cfg, ceiling);
    MqttSettings mqtt = MqttSettingsFactory.from(cfg.mqtt().broker(), cfg.gateway());
    MqttTransport transport;
    try {
      transport = new PahoMqttTransport(mqtt);
    } catch (MqttTransport.TransportException e) {
      throw new ConfigException("mqtt.url cannot be used: " + e.getMessage());
    }
    // one process per state directory: refused before anything in it is touched
    StateDirectoryLock lock = StateDirectoryLock.acquire(cfg.outbox().dir());
    try {
      FileOutbox outbox =
          FileOutbox.open(
              cfg.outbox().dir(),
              new FileOutbox.Options(
                  cfg.outbox().maxMb() << 20, Duration.ofDays(cfg.outbox().maxAgeDays()),
                  cfg.outbox().sync() == GatewayConfig.OutboxSync.BATCH, Math.min(4L << 20, Math.max(64L << 10, (cfg.outbox().maxMb() << 20) / 16)),
                  Duration.ofSeconds(1)),
              wall, monotonic);
      Gateway.Settings settings = settings(cfg);
      Gateway gateway = new Gateway(settings, source, sourceClock, monotonic, keys.forDay(), outbox, outbox.sequence(), transport,
          clockState);
      if (cfg.radio().source() == GatewayConfig.RadioSource.BLUEZ && cfg.radio().bluezoneIos().readIds()) {
        gateway.readBluezoneIosWith(gattReader(cfg, wall, monotonic));
      }
      StatusIndicator status =
          cfg.status().led() ? Pi4jStatusLed.open(cfg.status().ledGpio(), cfg.status().activeLow()) : new LogStatusIndicator();
      return new Service(cfg, new Parts(source, clock, gateway, clockState, status, keys, lock, exit), healthPeriod);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** The data path's settings from the configuration. */
  static Gateway.Settings settings(GatewayConfig cfg) {
    return Gateway.Settings.builder(
            cfg.radio().source().live() ? Gateway.Timing.LIVE : Gateway.Timing.SOURCE_TIME,
            new TopicScheme(cfg.mqtt().broker().topicPrefix(), cfg.site(), cfg.gateway()))
        .buckets(
            new BucketWidth(cfg.buckets().minutes()),
            new EncounterAggregator.Limits(cfg.buckets().maxIds(), cfg.buckets().maxAddresses()))
        .closeGrace(Duration.ofSeconds(cfg.buckets().closeGraceSeconds()))
        .queueSize(cfg.radio().queueSize())
        .maxRecordsPerMessage(cfg.mqtt().maxRecordsPerMessage())
        .mqttWindow(cfg.mqtt().broker().maxInflight())
        .maxClockHold(Duration.ofMinutes(cfg.clock().maxHoldMinutes()))
        .ackTimeout(Duration.ofSeconds(cfg.mqtt().ackTimeoutSeconds()))
        .build();
  }

  /** The status file the service replaces every few seconds: {@code status.json} beside the outbox directory. */
  public static Path statusFile(GatewayConfig cfg) {
    return cfg.outbox().dir().toAbsolutePath().getParent().resolve(StatusFileWriter.FILE_NAME);
  }

  /** A source and the clock its advertisements are stamped by (scaled for the simulator). */
  public record Listening(AdvertisementSource source, InstantSource clock) {}

  /** The source {@code radio.source} names, as {@code run} uses it (also {@code scan --live}). */
  public static Listening listening(
      GatewayConfig cfg, InstantSource wall, RadioFailureHandler onRadioFailure) throws ConfigException {
    switch (cfg.radio().source()) {
      case SIMULATOR -> {
        Instant start = wall.instant().truncatedTo(ChronoUnit.SECONDS);
        ScaledClock scaled = ScaledClock.startingNow(start, cfg.radio().simulator().speed());
        return new Listening(new SimulatedAdvertisementSource(
            new StationSimulator(SimulationConfig.defaults(cfg.radio().simulator().seed(), start)
                .withDevices(cfg.radio().simulator().phones(), Math.max(10, cfg.radio().simulator().phones() / 2)),
                GroundTruth.FORGET), // a service runs for days
            scaled), scaled);
      }
      case REPLAY -> {
        return new Listening(new ReplayAdvertisementSource(cfg.radio().replay().file(), replayFormat(cfg), 0), wall);
      }
      default -> {
        return new Listening(radio(cfg, wall, onRadioFailure), wall);
      }
    }
  }

  /** The real radio of {@code radio.source = "bluez" | "tinyb"} (also used by the self-test). */
  public static AdvertisementSource radio(
      GatewayConfig cfg, InstantSource wall, RadioFailureHandler onRadioFailure) {
    if (cfg.radio().source() == GatewayConfig.RadioSource.TINYB) {
      TinybAdvertisementSource.Config d = TinybAdvertisementSource.Config.defaults();
      return new TinybAdvertisementSource(
          new TinybAdvertisementSource.Config(cfg.radio().adapter(), d.pollInterval(), d.cleanupInterval(), d.silentBeforeRemoval(), d.ladder()),
          wall, onRadioFailure);
    }
    return new BluezAdvertisementSource(BluezConfig.defaults().withAdapter(cfg.radio().adapter()), wall, onRadioFailure);
  }

  /** The opt-in GATT reader of Bluezone iPhones (the config refuses it for tinyb). */
  private static BluezGattReader gattReader(GatewayConfig cfg, InstantSource wall, MonotonicClock monotonic) {
    GatewayConfig.BluezoneIos ios = cfg.radio().bluezoneIos();
    return new BluezGattReader(new BluezGattReader.Settings(cfg.radio().adapter(), null, ios.maxPerMinute(),
        Duration.ofSeconds(ios.connectTimeoutSeconds()), Duration.ofMillis(100)), wall, monotonic);
  }

  private static CaptureFormat replayFormat(GatewayConfig cfg) throws ConfigException {
    String f = cfg.radio().replay().format();
    Path file = cfg.radio().replay().file();
    Optional<CaptureFormat> format =
        f.equals("auto") ? CaptureFormat.fromFileName(file.getFileName().toString()) : CaptureFormat.fromWireName(f);
    return format.orElseThrow(() -> new ConfigException(
        "radio.replay.format must be btsnoop, pcap or pcapng when the file name does not say, was \"" + f + "\""));
  }

  /**
   * A root key (simulations, test stations) derives every day's key; otherwise the day key file
   * is read and ratcheted forward, and each new day's key replaces the file.
   */
  private static Keys keys(GatewayConfig cfg, LongSupplier ceiling) throws ConfigException {
    DayKeyState state = new DayKeyState();
    try {
      Path root = cfg.keys().rootKeyFile();
      if (root != null) {
        return new Keys(RatchetingKeys.fromRoot(KeyFiles.readRootKey(root), state), state, () -> {});
      }
      if (cfg.radio().source() == GatewayConfig.RadioSource.REPLAY) {
        throw new ConfigException("keys.root_key_file is required when radio.source = \"replay\" (captures are from past days), was \"\"");
      }
      Path file = cfg.keys().dayKeyFile();
      DayKey start = KeyFiles.readDayKey(file);
      KeyFileWriter writer = new KeyFileWriter(file, state);
      return new Keys(new RatchetingKeys(start, writer, ceiling, state), state, writer::retry);
    } catch (KeyFiles.KeyFileException e) {
      throw new ConfigException("keys: " + e.getMessage());
    }
  }

  /** Starts every part; a stop signal during start waits for it, then stops everything. */
  public synchronized void start() throws AdvertisementSource.SourceException {
    if (closed) {
      return;
    }
    if (clock != null) {
      clock.start(Duration.ofSeconds(15));
    }
    gateway.start();
    health.start(healthPeriod);
    statusFile.start();
    systemd.ready(); // forwarder, pipeline and radio run
    if (source instanceof ReplayAdvertisementSource replay) {
      Thread t = new Thread(() -> {
        try {
          replay.awaitEnd(Duration.ofDays(365));
          replay.fault().ifPresent(f -> LOG.error("capture ended early: {}", f));
          end(replay.fault().isPresent() ? ExitCodes.DATA_ERROR : ExitCodes.OK);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "replay-watch");
      t.setDaemon(true);
      t.start();
    }
  }

  /** Ends the service with an exit status (first caller wins). */
  public void end(int status) {
    exit.end(status);
  }

  /** Blocks until {@link #end} and returns the exit status. */
  public int awaitEnd() throws InterruptedException {
    return exit.await();
  }

  public Gateway gateway() {
    return gateway;
  }

  /** The radio source the service was built with. */
  public AdvertisementSource source() {
    return source;
  }

  public HealthReporter health() {
    return health;
  }

  /**
   * Stops in order: health, then the gateway (radio, pipeline with partial buckets, forwarder,
   * outbox), then the status LED (off: the service is no longer running).
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    systemd.close();
    statusFile.close();
    health.close();
    gateway.close();
    if (clock != null) {
      clock.close();
    }
    status.close();
    lock.close();
    end(ExitCodes.OK); // does nothing when something ended the service already
  }

}
