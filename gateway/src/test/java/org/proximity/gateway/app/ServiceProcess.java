package org.proximity.gateway.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.proximity.gateway.PackagedJar;

/** The service as its own JVM ({@code run --config}), for tests that kill it or give it an environment. */
final class ServiceProcess {
  /** A fixed site root key for test stations; never a real one. */
  static final String ROOT = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

  private ServiceProcess() {}

  /** Writes {@link #ROOT} to {@code dir/root.key}, owner-only (the loader refuses anything wider). */
  static Path rootKey(Path dir) throws IOException {
    Path root = dir.resolve("root.key");
    Files.writeString(root, ROOT + "\n");
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rw-------"));
    return root;
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
