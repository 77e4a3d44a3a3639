package org.proximity.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shaded jar that the .deb ships ({@code gateway/target/proximity-gateway.jar}), started as
 * {@code java -jar}: the integration tests ({@code *IT}, run by Failsafe after {@code package})
 * test what technicians get, not Maven's class path.
 */
public final class PackagedJar {
  private PackagedJar() {}

  /** The jar Failsafe names in {@code gateway.jar}; fails plainly when it was not built. */
  public static Path path() {
    String p = System.getProperty("gateway.jar");
    if (p == null || !Files.isRegularFile(Path.of(p))) {
      throw new IllegalStateException("no packaged jar (system property gateway.jar = " + p
          + "): run the *IT tests through `mvn verify`, which packages first");
    }
    return Path.of(p);
  }

  /** {@code java -Xmx128m -jar proximity-gateway.jar args...}. */
  public static List<String> command(String... args) {
    return command(List.of(), args);
  }

  /** {@code java -Xmx128m jvmOptions... -jar proximity-gateway.jar args...}. */
  public static List<String> command(List<String> jvmOptions, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-jar", path().toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }
}
