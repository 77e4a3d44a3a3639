package org.proximity.gateway.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.proximity.common.config.ConfigException;
import org.proximity.common.mqtt.MqttSettingsFactory;
import org.proximity.contract.payload.ClockState;
import org.proximity.contract.payload.TopicScheme;
import org.proximity.gateway.ad.AdvertisementDecoder;
import org.proximity.gateway.ad.DeviceKind;
import org.proximity.gateway.app.Service;
import org.proximity.gateway.clock.ClockMonitor;
import org.proximity.gateway.config.ConfigLoader;
import org.proximity.gateway.config.GatewayConfig;
import org.proximity.gateway.keys.KeyFiles;
import org.proximity.gateway.publish.MqttTransport;
import org.proximity.gateway.publish.paho.PahoMqttTransport;
import org.proximity.gateway.radio.AdvertisementSource;
import org.proximity.gateway.radio.Redact;
import org.proximity.contract.rollingid.DayKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The technician's commissioning check: config and key files, the state directory, the clock,
 * the broker (TLS and credentials included) and, for a real radio, whether advertisements are
 * heard. One line per check, saying plainly what is wrong. Exit 0 when nothing failed, 1 when a
 * check failed, 78 when the config itself cannot be read. It creates no file or directory, so that a
 * run as root leaves nothing the service's user cannot use. Stop the service first: it would hold
 * the radio and the MQTT client id.
 */
@Command(name = "selftest", mixinStandardHelpOptions = true,
    description = "Commissioning check: config, keys, state directory, clock, broker and radio, one line each.")
public final class SelfTestCommand implements Callable<Integer> {

  @Option(names = "--config", required = true, description = "The TOML config file.")
  Path config;

  @Option(names = "--listen", defaultValue = "10s", converter = DurationConverter.class,
      description = "How long to listen to the radio (default: ${DEFAULT-VALUE}).")
  Duration listen;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  private static final String ROOT = "root";

  private PrintWriter out;
  private int failures;

  private void ok(String what) {
    out.println("[ ok ] " + what);
  }

  private void warn(String what) {
    out.println("[warn] " + what);
  }

  private void fail(String what) {
    out.println("[FAIL] " + what);
    failures++;
  }

  @Override
  public Integer call() throws InterruptedException {
    out = spec.commandLine().getOut();
    GatewayConfig cfg;
    try {
      cfg = ConfigLoader.load(config);
      ok("config " + config + ": site " + cfg.site() + ", gateway " + cfg.gateway() + ", source " + cfg.radio().source());
    } catch (ConfigException e) {
      out.flush();
      throw RunCommand.configFailure(e);
    }
    checkKeys(cfg);
    checkStateDirectory(cfg.outbox().dir());
    checkClock(cfg);
    checkBroker(cfg);
    checkRadio(cfg);
    out.println(failures == 0 ? "selftest: all checks passed" : "selftest: " + failures + " check(s) failed");
    out.flush();
    return failures == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  private void checkKeys(GatewayConfig cfg) {
    try {
      if (cfg.keys().rootKeyFile() != null) {
        KeyFiles.readRootKey(cfg.keys().rootKeyFile());
        warn("keys: a root key file is configured; a field gateway should hold only a day key");
      } else {
        var key = KeyFiles.readDayKey(cfg.keys().dayKeyFile());
        KeyFiles.requireNotAfter(cfg.keys().dayKeyFile(), key, DayKey.epochDayOf(Instant.now()));
        ok("keys: day key " + java.time.LocalDate.ofEpochDay(key.epochDay()) + ", key id " + key.keyId());
      }
    } catch (KeyFiles.KeyFileException e) {
      fail("keys: " + e.getMessage());
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
      fail("state directory " + dir + " is not a directory");
    } else if (existing == null || (!existing.equals(dir) && !Files.isWritable(existing))) {
      fail("state directory " + dir + " does not exist and " + existing + " is not writable by this user");
    } else if (!existing.equals(dir)) {
      ok("state directory " + dir + " does not exist yet; the service creates it in " + existing);
    } else {
      try {
        Files.delete(Files.createTempFile(dir, ".selftest", ".tmp"));
        ok("state directory " + dir + " is writable");
      } catch (IOException | SecurityException e) {
        fail("state directory " + dir + " is not writable by this user: " + e.getClass().getSimpleName());
      }
    }
    if (ROOT.equals(System.getProperty("user.name"))) {
      warn("running as root, who may write anywhere: run selftest as the service's user"
          + " (sudo -u proximity-gateway proximity-gateway selftest ...) to check its rights");
    }
  }

  private void checkClock(GatewayConfig cfg) {
    ClockMonitor monitor = ClockMonitor.forSetting(cfg.clock().sync());
    monitor.refresh();
    ClockState s = monitor.get();
    if (s.synced()) {
      ok("clock synchronised (" + s.source() + ")");
    } else {
      warn("clock NOT synchronised (" + s.source() + "): buckets are held until it is (firmware-notes/clock.md)");
    }
    monitor.close();
  }

  private void checkBroker(GatewayConfig cfg) {
    TopicScheme topics = new TopicScheme(cfg.mqtt().broker().topicPrefix(), cfg.site(), cfg.gateway());
    PahoMqttTransport transport = null;
    try {
      transport = new PahoMqttTransport(MqttSettingsFactory.from(cfg.mqtt().broker(), cfg.gateway() + "-selftest"));
      transport.connect(topics.status() + "/selftest", "gone".getBytes(StandardCharsets.US_ASCII));
      ok("broker " + cfg.mqtt().broker().url() + " accepted the connection" + (cfg.mqtt().broker().tls() ? " over TLS" : ""));
      if (!cfg.mqtt().broker().tls() && !cfg.mqtt().broker().loopback()) {
        warn("broker " + cfg.mqtt().broker().url() + CheckConfigCommand.plaintextNote(cfg.mqtt().broker()));
      }
    } catch (ConfigException e) {
      fail("broker settings: " + e.getMessage());
    } catch (MqttTransport.TransportException e) {
      fail("broker " + cfg.mqtt().broker().url() + ": " + Redact.scrub(e.getMessage()));
    } finally {
      if (transport != null) {
        transport.close();
      }
    }
  }

  private void checkRadio(GatewayConfig cfg) throws InterruptedException {
    String kind = cfg.radio().source();
    if (!kind.equals("bluez") && !kind.equals("tinyb")) {
      ok("radio: source " + kind + " needs no hardware");
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
      fail("radio " + kind + " on " + cfg.radio().adapter() + ": " + Redact.scrub(e.getMessage()));
      return;
    } finally {
      radio.close();
    }
    if (heard.get() == 0) {
      fail("radio " + kind + " on " + cfg.radio().adapter() + ": no advertisements in " + listen.toSeconds()
          + " s (adapter powered? bluetoothd running? see firmware-notes/bluez.md)");
    } else {
      Map<String, Long> kinds = new java.util.TreeMap<>();
      synchronized (byKind) {
        byKind.forEach((k, v) -> kinds.put(k.wireName(), v));
      }
      ok("radio " + kind + " on " + cfg.radio().adapter() + ": " + heard.get() + " advertisements in "
          + listen.toSeconds() + " s " + kinds);
    }
  }
}
