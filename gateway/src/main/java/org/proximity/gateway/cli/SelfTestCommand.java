package org.proximity.gateway.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.proximity.common.cli.ExitCodes;
import org.proximity.common.config.ConfigException;
import org.proximity.common.mqtt.MqttSettingsFactory;
import org.proximity.contract.payload.ClockState;
import org.proximity.contract.payload.TopicScheme;
import org.proximity.contract.rollingid.DayKey;
import org.proximity.gateway.ad.AdvertisementDecoder;
import org.proximity.gateway.ad.DeviceKind;
import org.proximity.gateway.app.Service;
import org.proximity.gateway.clock.ClockMonitor;
import org.proximity.gateway.config.ConfigLoader;
import org.proximity.gateway.config.GatewayConfig;
import org.proximity.gateway.keys.KeyFiles;
import org.proximity.gateway.publish.CommissioningCodec.Check;
import org.proximity.gateway.publish.CommissioningCodec.Outcome;
import org.proximity.gateway.publish.CommissioningCodec.RadioCounts;
import org.proximity.gateway.publish.CommissioningCodec.Report;
import org.proximity.gateway.publish.MqttTransport;
import org.proximity.gateway.publish.paho.PahoMqttTransport;
import org.proximity.gateway.radio.AdvertisementSource;
import org.proximity.gateway.radio.Redact;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The technician's commissioning check: config and key files, the state directory, the clock,
 * the broker (TLS and credentials included), for a real radio whether advertisements are heard,
 * and whether the broker's ACL lets this gateway publish (a probe read back). One line per check,
 * saying plainly what is wrong; the same checks go retained to the commissioning topic. Exit 0 when nothing failed, 1 when a
 * check failed, 78 when the config itself cannot be read. It creates no file or directory, so that a
 * run as root leaves nothing the service's user cannot use. Stop the service first: it would hold
 * the radio and the MQTT client id.
 */
@Command(name = "selftest", mixinStandardHelpOptions = true,
    description = "Commissioning check: config, keys, state directory, clock, broker and radio, one line each.")
public final class SelfTestCommand implements Callable<Integer> {
  private static final String ROOT = "root";

  @Option(names = "--config", required = true, description = "The TOML config file.")
  Path config;

  @Option(names = "--listen", defaultValue = "10s", converter = DurationConverter.class,
      description = "How long to listen to the radio (default: ${DEFAULT-VALUE}).")
  Duration listen;

  @Spec CommandSpec spec;

  private final List<Check> checks = new ArrayList<>();
  private PrintWriter out;
  private int failures;
  private RadioCounts radioCounts;


  private void report(String name, Outcome outcome, String what) {
    out.println((outcome == Outcome.OK ? "[ ok ] " : outcome == Outcome.WARN ? "[warn] " : "[FAIL] ") + what);
    checks.add(new Check(name, outcome, what));
    if (outcome == Outcome.FAIL) {
      failures++;
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    out = spec.commandLine().getOut();
    GatewayConfig cfg;
    try {
      cfg = ConfigLoader.load(config);
      report("config", Outcome.OK, "config " + config + ": site " + cfg.site() + ", gateway " + cfg.gateway() + ", source " + cfg.radio().source().wireName());
    } catch (ConfigException e) {
      out.flush();
      throw RunCommand.configFailure(e);
    }
    checkKeys(cfg);
    checkStateDirectory(cfg.outbox().dir());
    checkClock(cfg);
    radioCounts = new RadioCounts(cfg.radio().source().wireName(), 0, 0, Map.of());
    TopicScheme topics = new TopicScheme(cfg.mqtt().broker().topicPrefix(), cfg.site(), cfg.gateway());
    PahoMqttTransport broker = checkBroker(cfg, topics);
    try {
      checkRadio(cfg);
      if (broker != null) {
        boolean aclProved = CommissioningReport.proveAcl(broker, topics, this::report);
        CommissioningReport.publish(broker, topics, new Report(cfg.site(), cfg.gateway(), InstantSource.system().instant(),
            CommissioningReport.versions(), checks, radioCounts), aclProved, out);
      }
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
    out.println(failures == 0 ? "selftest: all checks passed" : "selftest: " + failures + " check(s) failed");
    out.flush();
    return failures == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  private void checkKeys(GatewayConfig cfg) {
    try {
      if (cfg.keys().rootKeyFile() != null) {
        KeyFiles.readRootKey(cfg.keys().rootKeyFile());
        report("keys", Outcome.WARN, "keys: a root key file is configured; a field gateway should hold only a day key");
      } else {
        var key = KeyFiles.readDayKey(cfg.keys().dayKeyFile());
        KeyFiles.requireNotAfter(cfg.keys().dayKeyFile(), key, DayKey.epochDayOf(Instant.now()));
        report("keys", Outcome.OK, "keys: day key " + LocalDate.ofEpochDay(key.epochDay()) + ", key id " + key.keyId());
      }
    } catch (KeyFiles.KeyFileException e) {
      report("keys", Outcome.FAIL, "keys: " + e.getMessage());
    }
  }

  /**
   * Creates nothing: a directory made here, by root say, would belong to the wrong user and stop
   * the service later (exit 74). An existing directory is probed with a file removed at once.
   */
  private void checkStateDirectory(Path dir) {
    Path existing = dir;
    while (existing != null && !Files.isDirectory(existing)) {
      existing = existing.getParent();
    }
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      report("state_directory", Outcome.FAIL, "state directory " + dir + " is not a directory");
    } else if (existing == null || (!existing.equals(dir) && !Files.isWritable(existing))) {
      report("state_directory", Outcome.FAIL, "state directory " + dir + " does not exist and " + existing + " is not writable by this user");
    } else if (!existing.equals(dir)) {
      report("state_directory", Outcome.OK, "state directory " + dir + " does not exist yet; the service creates it in " + existing);
    } else {
      try {
        Files.delete(Files.createTempFile(dir, ".selftest", ".tmp"));
        report("state_directory", Outcome.OK, "state directory " + dir + " is writable");
      } catch (IOException | SecurityException e) {
        report("state_directory", Outcome.FAIL, "state directory " + dir + " is not writable by this user: " + e.getClass().getSimpleName());
      }
    }
    if (ROOT.equals(System.getProperty("user.name"))) {
      report("user", Outcome.WARN, "running as root, who may write anywhere: run selftest as the service's user"
          + " (sudo -u proximity-gateway proximity-gateway selftest ...) to check its rights");
    }
  }

  private void checkClock(GatewayConfig cfg) {
    ClockMonitor monitor = ClockMonitor.forSetting(cfg.clock().sync());
    monitor.refresh();
    ClockState s = monitor.get();
    if (s.synced()) {
      report("clock", Outcome.OK, "clock synchronised (" + s.source() + ")");
    } else {
      report("clock", Outcome.WARN, "clock NOT synchronised (" + s.source() + "): buckets are held until it is (firmware-notes/clock.md)");
    }
    monitor.close();
  }

  /** Connects as the service would (own client id); returns the open connection, or null when it failed. */
  private PahoMqttTransport checkBroker(GatewayConfig cfg, TopicScheme topics) {
    PahoMqttTransport transport = null;
    try {
      transport = new PahoMqttTransport(MqttSettingsFactory.from(cfg.mqtt().broker(), cfg.gateway() + "-selftest"));
      transport.connect(topics.status() + "/selftest", "gone".getBytes(StandardCharsets.US_ASCII));
      report("broker", Outcome.OK, "broker " + cfg.mqtt().broker().url() + " accepted the connection"
          + (cfg.mqtt().broker().tls() ? " over TLS" : ""));
      if (!cfg.mqtt().broker().tls() && !cfg.mqtt().broker().loopback()) {
        report("broker_tls", Outcome.WARN, "broker " + cfg.mqtt().broker().url()
            + CheckConfigCommand.plaintextNote(cfg.mqtt().broker()));
      }
      return transport;
    } catch (ConfigException e) {
      report("broker", Outcome.FAIL, "broker settings: " + e.getMessage());
    } catch (MqttTransport.TransportException e) {
      report("broker", Outcome.FAIL, "broker " + cfg.mqtt().broker().url() + ": " + Redact.scrub(e.getMessage()));
    }
    if (transport != null) {
      transport.close();
    }
    return null;
  }

  private void checkRadio(GatewayConfig cfg) throws InterruptedException {
    String kind = cfg.radio().source().wireName();
    if (!cfg.radio().source().live()) {
      report("radio", Outcome.OK, "radio: source " + kind + " needs no hardware");
      return;
    }
    AtomicLong heard = new AtomicLong();
    Map<DeviceKind, Long> byKind = new EnumMap<>(DeviceKind.class);
    AdvertisementDecoder decoder = new AdvertisementDecoder();
    AdvertisementSource radio = Service.radio(cfg, InstantSource.system(), reason -> { });
    try {
      radio.start(a -> {
        heard.incrementAndGet();
        DeviceKind k = decoder.decode(a.dataUnsafe()).kind();
        synchronized (byKind) {
          byKind.merge(k, 1L, Long::sum);
        }
      });
      Thread.sleep(listen.toMillis()); // listening for this long is the check itself
    } catch (AdvertisementSource.SourceException e) {
      report("radio", Outcome.FAIL, "radio " + kind + " on " + cfg.radio().adapter() + ": " + Redact.scrub(e.getMessage()));
      return;
    } finally {
      radio.close();
    }
    Map<String, Long> kinds = new TreeMap<>();
    synchronized (byKind) {
      byKind.forEach((k, v) -> kinds.put(k.wireName(), v));
    }
    radioCounts = new RadioCounts(kind, listen.toSeconds(), heard.get(), kinds);
    if (heard.get() == 0) {
      report("radio", Outcome.FAIL, "radio " + kind + " on " + cfg.radio().adapter() + ": no advertisements in " + listen.toSeconds()
          + " s (adapter powered? bluetoothd running? see firmware-notes/bluez.md)");
    } else {
      report("radio", Outcome.OK, "radio " + kind + " on " + cfg.radio().adapter() + ": " + heard.get() + " advertisements in "
          + listen.toSeconds() + " s " + kinds);
    }
  }
}
