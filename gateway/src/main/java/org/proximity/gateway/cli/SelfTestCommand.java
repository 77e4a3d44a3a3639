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
import org.proximity.contract.payload.ClockState;
import org.proximity.contract.payload.TopicScheme;
import org.proximity.gateway.ad.AdvertisementDecoder;
import org.proximity.gateway.ad.DeviceKind;
import org.proximity.gateway.app.Service;
import org.proximity.gateway.clock.ClockMonitor;
import org.proximity.gateway.config.ConfigException;
import org.proximity.gateway.config.ConfigLoader;
import org.proximity.gateway.config.GatewayConfig;
import org.proximity.gateway.keys.KeyFiles;
import org.proximity.gateway.publish.MqttTransport;
import org.proximity.gateway.publish.paho.MqttSettingsFactory;
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
 * check failed, 78 when the config itself cannot be read. Stop the service first: it would hold
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

  private void checkStateDirectory(Path dir) {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".selftest", ".tmp");
      Files.delete(probe);
      ok("state directory " + dir + " is writable");
    } catch (IOException | SecurityException e) {
      fail("state directory " + dir + " is not writable by this user: " + e.getClass().getSimpleName());
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
    TopicScheme topics = new TopicScheme(cfg.mqtt().topicPrefix(), cfg.site(), cfg.gateway());
    PahoMqttTransport transport = null;
    try {
      transport = new PahoMqttTransport(MqttSettingsFactory.from(cfg.mqtt(), cfg.gateway() + "-selftest"));
      transport.connect(topics.status() + "/selftest", "gone".getBytes(StandardCharsets.US_ASCII));
      ok("broker " + cfg.mqtt().url() + " accepted the connection" + (cfg.mqtt().tls() ? " over TLS" : ""));
      if (!cfg.mqtt().tls() && !cfg.mqtt().loopback()) {
        warn("broker " + cfg.mqtt().url() + CheckConfigCommand.plaintextNote(cfg.mqtt()));
      }
    } catch (ConfigException e) {
      fail("broker settings: " + e.getMessage());
    } catch (MqttTransport.TransportException e) {
      fail("broker " + cfg.mqtt().url() + ": " + Redact.scrub(e.getMessage()));
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
