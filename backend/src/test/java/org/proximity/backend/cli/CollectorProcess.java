package org.proximity.backend.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code java -jar proximity-backend.jar ...} as an operator runs it, output to a file. */
final class CollectorProcess {
  private CollectorProcess() {}

  static Path jar() {
    Path jar = Path.of(System.getProperty("backend.jar", "target/proximity-backend.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run the *IT tests with `mvn verify` (after package)");
    }
    return jar;
  }

  static Process start(Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-jar", jar().toString()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }
}
