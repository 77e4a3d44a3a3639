package org.proximity.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.proximity.backend.cli.Main;
import org.proximity.backend.collect.Collector;
import org.proximity.backend.collect.Leaf;
import org.proximity.backend.config.BackendConfig;
import org.proximity.backend.config.BackendConfigLoader;
import org.proximity.backend.store.Store;
import org.proximity.common.config.ConfigException;
import org.proximity.common.mqtt.MqttSettingsFactory;
import picocli.CommandLine;

/**
 * The health authority's side of the demo, run as the backend jar runs it: the collector into an
 * SQLite file (from a backend.toml the demo writes), then the {@code match} command itself.
 */
final class Backend implements AutoCloseable {
  private final Path dir;
  private final Store store;
  private final Collector collector;

  Backend(Path dir, String brokerUrl) throws ConfigException, SQLException, MqttException, InterruptedException {
    this.dir = dir;
    BackendConfig cfg = BackendConfigLoader.parse(
        "[collector]\nname = \"demo-collector\"\n[store]\nurl = \"" + dir.resolve("store.db") + "\"\n"
            + "[mqtt]\nurl = \"" + brokerUrl + "\"\n",
        "demo backend.toml");
    this.store = Store.open(cfg.store().url(), cfg.store().user(), null);
    this.collector = new Collector(cfg, MqttSettingsFactory.from(cfg.mqtt().broker(), cfg.collector().name()), store,
        Clock.systemUTC());
    collector.start();
  }

  /** Waits until the collector has stored {@code messages} encounters messages, or the timeout passed. */
  boolean awaitStored(long messages, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (stored() < messages && System.nanoTime() < deadline) {
      Thread.sleep(20); // polling the collector's counter, bounded by the deadline
    }
    return stored() >= messages;
  }

  long stored() {
    return collector.stats().snapshot().messages().getOrDefault(Leaf.ENCOUNTERS, 0L);
  }

  /** Runs {@code proximity-backend match} on the store; returns the exposure lines, or throws with its stderr. */
  List<String> match(byte[] rootKey, List<String> diagnosisArgs) throws IOException {
    Path root = ownerOnly(dir.resolve("root.key"), HexFormat.of().formatHex(rootKey) + "\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    List<String> args = new ArrayList<>(List.of("match", "--root-key", root.toString(),
        "--store", dir.resolve("store.db").toString()));
    args.addAll(diagnosisArgs);
    int exit = cmd.execute(args.toArray(String[]::new));
    if (exit != 0) {
      throw new IOException("match exited " + exit + ": " + err.toString().strip());
    }
    System.err.print(err);
    return out.toString().lines().filter(l -> !l.isBlank()).toList();
  }

  Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  private static Path ownerOnly(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    return Files.writeString(file, content);
  }

  @Override
  public void close() {
    collector.close();
    try {
      store.close();
    } catch (SQLException e) {
      // the demo's store is a temporary file
    }
  }
}
