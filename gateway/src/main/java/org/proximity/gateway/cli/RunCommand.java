package org.proximity.gateway.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.proximity.common.cli.ExitCodes;
import org.proximity.common.config.ConfigException;
import org.proximity.gateway.app.Service;
import org.proximity.gateway.config.ConfigLoader;
import org.proximity.gateway.config.GatewayConfig;
import org.proximity.gateway.publish.file.StateDirectoryLock;
import org.proximity.gateway.radio.AdvertisementSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The service. Exit status: 0 after SIGTERM or the end of a replay, 65 for a corrupt replay
 * capture, 73 when another process holds the state directory, 74 when the state directory is
 * unusable, 75 when the radio cannot start (BlueZ or the adapter missing) or its
 * recovery ladder gave up (systemd restarts the service), 78 for a configuration error (also a
 * radio source that cannot work here: a TinyB library for another CPU, a missing capture).
 * systemd/README.md, "Exit codes", says which ones the unit restarts on.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the gateway service from a config file.")
public final class RunCommand implements Callable<Integer> {

  @Option(names = "--config", required = true, description = "The TOML config file (see gateway.toml).")
  Path config;

  @Option(names = "--health-period", defaultValue = "60s", converter = DurationConverter.class, hidden = true,
      description = "How often the health topic is published (default: ${DEFAULT-VALUE}).")
  Duration healthPeriod;

  @Override
  public Integer call() throws InterruptedException {
    Service service = build(config, healthPeriod);
    Thread hook = new Thread(service::close, "shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      service.start();
    } catch (AdvertisementSource.SourceException e) {
      service.close();
      // BlueZ or the adapter not there yet: systemd tries again; a wrong source or file: it cannot
      throw new ExitCodes.CommandFailure(e.needsConfigChange() ? ExitCodes.CONFIG_ERROR : ExitCodes.RADIO_FAILED,
          "the radio cannot start: " + e.getMessage());
    }
    int status = service.awaitEnd();
    service.close();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // SIGTERM: the hook is running, which is how we got here
    }
    return status;
  }

  static Service build(Path config, Duration healthPeriod) {
    try {
      GatewayConfig cfg = ConfigLoader.load(config);
      return Service.build(cfg, healthPeriod);
    } catch (ConfigException e) {
      throw configFailure(e);
    } catch (IOException e) {
      throw stateFailure(e);
    }
  }

  /** A state directory another process holds (exit 73), or one that cannot be used (exit 74). */
  static ExitCodes.CommandFailure stateFailure(IOException e) {
    if (e instanceof StateDirectoryLock.InUseException) {
      return new ExitCodes.CommandFailure(ExitCodes.STATE_IN_USE, e.getMessage());
    }
    return new ExitCodes.CommandFailure(ExitCodes.IO_ERROR, "the state directory cannot be used: " + e.getMessage());
  }

  static ExitCodes.CommandFailure configFailure(ConfigException e) {
    String lines = e.problems().size() == 1
        ? e.problems().get(0)
        : e.problems().size() + " problems in the configuration:\n  " + String.join("\n  ", e.problems());
    return new ExitCodes.CommandFailure(ExitCodes.CONFIG_ERROR, lines);
  }
}
