package org.proximity.gateway.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.proximity.gateway.PackagedJar;
import org.proximity.gateway.TestStation;

/** The service as its own JVM ({@code run --config}), for tests that kill it or give it an environment. */
final class ServiceProcess {
  static final String ROOT = TestStation.ROOT;

  private ServiceProcess() {}

  static Path rootKey(Path dir) throws IOException {
    return TestStation.rootKey(dir);
  }

  /** {@code java -Xmx128m -cp <test class path> ...Main run --config cfg [extra]}, output to {@code log}. */
  static ProcessBuilder run(Path cfg, Path log, String... extra) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-cp", System.getProperty("java.class.path"), "org.proximity.gateway.cli.Main",
        "run", "--config", cfg.toString()));
    cmd.addAll(List.of(extra));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
  }

  /** {@code java -jar proximity-gateway.jar run --config cfg [extra]}: the packaged jar. */
  static ProcessBuilder runJar(Path cfg, Path log, String... extra) {
    List<String> args = new ArrayList<>(List.of("run", "--config", cfg.toString()));
    args.addAll(List.of(extra));
    return new ProcessBuilder(PackagedJar.command(args.toArray(String[]::new)))
        .redirectErrorStream(true).redirectOutput(log.toFile());
  }
}
