package org.proximity.backend.cli;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.flywaydb.core.api.FlywayException;
import org.proximity.backend.collect.Collector;
import org.proximity.backend.config.BackendConfig;
import org.proximity.backend.config.BackendConfigLoader;
import org.proximity.backend.store.Store;
import org.proximity.common.cli.ExitCodes;
import org.proximity.common.config.ConfigException;
import org.proximity.common.config.SecretFiles;
import org.proximity.common.mqtt.MqttSettings;
import org.proximity.common.mqtt.MqttSettingsFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Subscribes to the gateways' topics and stores every message exactly once (docs/backend.md). */
@Command(name = "collect", description = "Collect gateway batches from MQTT into the store until stopped.")
public final class CollectCommand implements Callable<Integer> {
  static final String STORE_PASSWORD_KEY = "store.password_file";

  @Spec CommandSpec spec;

  @Option(names = "--config", required = true, description = "backend.toml")
  Path config;

  @Override
  public Integer call() throws InterruptedException {
    BackendConfig cfg;
    MqttSettings mqtt;
    char[] storePassword = null;
    try {
      cfg = BackendConfigLoader.load(config);
      mqtt = MqttSettingsFactory.from(cfg.mqtt().broker(), cfg.collector().name());
      if (cfg.store().passwordFile() != null) {
        storePassword = SecretFiles.readPassword(STORE_PASSWORD_KEY, cfg.store().passwordFile());
      }
    } catch (ConfigException e) {
      e.problems().forEach(p -> spec.commandLine().getErr().println("collect: " + p));
      return ExitCodes.CONFIG_ERROR;
    }
    Store store;
    try {
      store = Store.open(cfg.store().url(), cfg.store().user(), storePassword);
    } catch (SQLException | FlywayException e) {
      spec.commandLine().getErr().println("collect: store " + cfg.store().url() + " cannot be opened: " + e.getMessage());
      return ExitCodes.IO_ERROR;
    } finally {
      if (storePassword != null) {
        Arrays.fill(storePassword, '\0');
      }
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try (store; Collector collector = new Collector(cfg, mqtt, store, Clock.systemUTC())) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        collector.close();
        stopped.countDown();
      }, "collect-shutdown"));
      collector.start();
      stopped.await();
    } catch (MqttException e) {
      spec.commandLine().getErr().println("collect: mqtt.url " + mqtt.serverUri() + ": " + e.getMessage());
      return ExitCodes.CONFIG_ERROR;
    } catch (SQLException e) {
      return ExitCodes.OK; // closing the store at exit; nothing is lost
    }
    return ExitCodes.OK;
  }
}
