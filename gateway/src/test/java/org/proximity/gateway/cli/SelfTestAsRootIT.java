package org.proximity.gateway.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: a technician runs {@code selftest} as root, then the service runs as its own user.
 * Before the fix selftest created the outbox directory root:root 0755 and {@code run} then exited
 * 74. Needs root (to act as another user) and {@code setpriv}; skipped otherwise.
 */
class SelfTestAsRootIT {
  private static final String SERVICE_USER = "nobody";
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

  private Path base;
  private Process service;

  @BeforeEach
  void setUp() throws IOException {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
    assumeTrue(Files.isExecutable(SETPRIV), "needs setpriv (util-linux)");
    base = Files.createTempDirectory("selftest-root");
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (service != null) {
      service.destroyForcibly().waitFor();
    }
    if (base != null) {
      try (Stream<Path> all = Files.walk(base)) {
        for (Path p : all.sorted((a, b) -> b.compareTo(a)).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @Test
  void selftestAsRoot_thenRunAsTheServiceUser_runs() throws Exception {
    Path state = serviceUserDirectory(base.resolve("state"));
    Path outbox = state.resolve("outbox");
    Path key = state.resolve("day.key");
    Files.writeString(key, "2024-10-04 67a7a416a25d7f34c14600a890f5ae4ee3310988a807b3c22730ba1700028a46\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Files.setOwner(key, user());
    Path config = Files.writeString(base.resolve("gateway.toml"), String.join("\n",
        "site = \"s\"", "gateway = \"g\"", "[radio]", "source = \"simulator\"",
        "[keys]", "day_key_file = \"" + key + "\"",
        "[mqtt]", "url = \"tcp://127.0.0.1:9\"",
        "[outbox]", "dir = \"" + outbox + "\"", ""));

    Cli.Run selftest = Cli.run("selftest", "--config", config.toString(), "--listen", "0s");
    assertTrue(selftest.out().contains("[ ok ] state directory " + outbox + " does not exist yet"), selftest.out() + selftest.err());
    assertTrue(selftest.out().contains("[warn] running as root"), selftest.out());
    assertFalse(Files.exists(outbox), "selftest created " + outbox);

    Path log = base.resolve("run.log");
    service = asServiceUser(config).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(outbox.resolve("epoch")) || !service.isAlive());
    assertTrue(service.isAlive(), () -> "run as " + SERVICE_USER + " ended with " + service.exitValue() + ": "
        + read(log));
    assertEquals(user(), Files.getOwner(outbox));
  }

  private ProcessBuilder asServiceUser(Path config) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(SETPRIV.toString(), "--reuid=" + SERVICE_USER,
        "--regid=nogroup", "--clear-groups", java, "-Xmx128m", "-cp", readableClassPath(), Main.class.getName(),
        "run", "--config", config.toString()));
    return new ProcessBuilder(cmd);
  }

  /** The test class path, copied where the service user can read it (~/.m2 is root's alone). */
  private String readableClassPath() throws IOException {
    Path cp = base.resolve("cp");
    Files.createDirectories(cp);
    List<String> entries = new ArrayList<>();
    int i = 0;
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path from = Path.of(e);
      Path to = cp.resolve(i++ + "-" + from.getFileName());
      if (Files.isDirectory(from)) {
        copyTree(from, to);
      } else if (Files.isRegularFile(from)) {
        Files.copy(from, to);
      } else {
        continue;
      }
      entries.add(to.toString());
    }
    try (Stream<Path> all = Files.walk(cp)) {
      for (Path p : all.toList()) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static Path serviceUserDirectory(Path dir) throws IOException {
    Files.createDirectory(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    Files.setOwner(dir, user());
    return dir;
  }

  private static UserPrincipal user() throws IOException {
    return Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVICE_USER);
  }
}
