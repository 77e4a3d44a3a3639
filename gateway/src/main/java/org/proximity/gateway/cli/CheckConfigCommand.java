package org.proximity.gateway.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.proximity.common.cli.ExitCodes;
import org.proximity.common.config.ConfigException;
import org.proximity.common.config.SecretFiles;
import org.proximity.common.mqtt.MqttKeys;
import org.proximity.common.mqtt.MqttSettingsFactory;
import org.proximity.contract.rollingid.DayKey;
import org.proximity.gateway.config.ConfigLoader;
import org.proximity.gateway.config.GatewayConfig;
import org.proximity.gateway.keys.KeyFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Checks a config file and the files it names without starting anything. Exit 0 or 78. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
    description = "Check the config file, key files, TLS and password files; start nothing.")
public final class CheckConfigCommand implements Callable<Integer> {

  @Option(names = "--config", required = true, description = "The TOML config file.")
  Path config;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  /** What check-config and selftest say about a broker reached without TLS. */
  static String plaintextNote(MqttKeys mqtt) {
    if (mqtt.tls()) {
      return " (TLS)";
    }
    return mqtt.loopback() ? " (on this machine, no TLS)"
        : " UNENCRYPTED: records and credentials cross the network in the clear (mqtt.allow_plaintext = true)";
  }

  @Override
  public Integer call() {
    try {
      GatewayConfig cfg = ConfigLoader.load(config);
      MqttSettingsFactory.from(cfg.mqtt().broker(), cfg.gateway());
      String keys;
      if (cfg.keys().rootKeyFile() != null) {
        KeyFiles.readRootKey(cfg.keys().rootKeyFile());
        keys = "root key file " + cfg.keys().rootKeyFile() + " (simulation or test station)";
      } else {
        SecretFiles.requireOwnerOnly("keys.day_key_file", cfg.keys().dayKeyFile());
        DayKey k = KeyFiles.readDayKey(cfg.keys().dayKeyFile());
        KeyFiles.requireNotAfter(cfg.keys().dayKeyFile(), k, DayKey.epochDayOf(Instant.now()));
        keys = "day key " + LocalDate.ofEpochDay(k.epochDay()) + ", key id " + k.keyId();
      }
      Path outbox = cfg.outbox().dir();
      Path existing = outbox;
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      if (existing == null || !Files.isWritable(existing)) {
        throw new ConfigException("outbox.dir " + outbox + " must be writable by the gateway's user");
      }
      spec.commandLine().getOut().println("config ok: site " + cfg.site() + ", gateway " + cfg.gateway() + ", source " + cfg.radio().source().wireName()
          + ", " + keys + ", broker " + cfg.mqtt().broker().url() + plaintextNote(cfg.mqtt().broker()));
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    } catch (ConfigException e) {
      throw RunCommand.configFailure(e);
    } catch (KeyFiles.KeyFileException e) {
      throw new ExitCodes.CommandFailure(ExitCodes.CONFIG_ERROR, "keys: " + e.getMessage());
    }
  }
}
