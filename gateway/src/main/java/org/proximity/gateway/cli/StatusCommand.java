package org.proximity.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import org.proximity.common.config.ConfigException;
import org.proximity.gateway.app.Service;
import org.proximity.gateway.config.ConfigLoader;
import org.proximity.gateway.config.GatewayConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One screen about the running service, from the status file it replaces every 5 s in its state
 * directory (beside the outbox). Exit 0 when it runs, 3 when it does not (no file, process gone,
 * file stale), 78 for a config that cannot be read.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "One screen about the running service: radio, traffic, outbox, broker, clock, LED.")
public final class StatusCommand implements Callable<Integer> {
  @Option(names = "--config", defaultValue = "/etc/proximity-gateway/gateway.toml",
      description = "The service's TOML config (default: ${DEFAULT-VALUE}).")
  Path config;

  @Option(names = "--stale", defaultValue = "30s", converter = DurationConverter.class,
      description = "A status file older than this means the service is not running (default: ${DEFAULT-VALUE}).")
  Duration stale;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    GatewayConfig cfg;
    try {
      cfg = ConfigLoader.load(config);
    } catch (ConfigException e) {
      throw RunCommand.configFailure(e);
    }
    Path file = Service.statusFile(cfg);
    StatusScreen.Screen screen;
    try {
      JsonNode s = new ObjectMapper().readTree(file.toFile());
      boolean alive = ProcessHandle.of(s.path("pid").asLong()).map(ProcessHandle::isAlive).orElse(false);
      screen = StatusScreen.render(s, InstantSource.system().instant(), alive, stale);
    } catch (NoSuchFileException | FileNotFoundException e) {
      screen = StatusScreen.notRunning("no status file " + file);
    } catch (IOException e) {
      screen = StatusScreen.notRunning("cannot read " + file + ": " + e.getClass().getSimpleName());
    }
    spec.commandLine().getOut().print(screen.text());
    spec.commandLine().getOut().flush();
    return screen.exit();
  }
}
