package org.proximity.backend.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.proximity.common.testing.MosquittoBroker;

/**
 * A private PostgreSQL cluster for tests: Debian's {@code postgresql} binaries, {@code initdb} and
 * {@code pg_ctl} in a new temporary directory, listening on a free loopback port (and a Unix socket
 * in that directory, nowhere else), trust authentication for user {@value #USER}. Run as root, the
 * commands run as the {@code postgres} system user ({@code runuser}), which owns the directory;
 * PostgreSQL refuses to run as root. {@link #close} stops it ({@code -m fast}) and removes the
 * directory. A missing installation fails the test; it is never skipped.
 */
public final class PostgresCluster implements AutoCloseable {
  public static final String USER = "postgres";
  public static final String MISSING =
      "PostgreSQL is not installed (apt-get install postgresql; .ci/run does this)";
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final Path dir;
  private final Path bin;
  private final int port;
  private final boolean root;

  private PostgresCluster(Path dir, Path bin, int port, boolean root) {
    this.dir = dir;
    this.bin = bin;
    this.port = port;
    this.root = root;
  }

  /** Creates and starts a cluster; {@code durable} false turns fsync off (tests), true keeps it (benchmarks). */
  public static PostgresCluster start(boolean durable) {
    Path bin = binaries();
    boolean root = "root".equals(System.getProperty("user.name"));
    try {
      Path dir = Files.createTempDirectory("pgw-postgres");
      if (root) {
        run(dir, List.of("chown", USER + ":" + USER, dir.toString()), false);
      }
      PostgresCluster c = new PostgresCluster(dir, bin, MosquittoBroker.freeLoopbackPort(), root);
      c.pg("initdb", "-D", c.data().toString(), "-U", USER, "--auth=trust", "-E", "UTF8", "--locale=C");
      c.pg("pg_ctl", "-D", c.data().toString(), "-l", dir.resolve("postgres.log").toString(), "-w", "-t", "60",
          "-o", "-p " + c.port + " -k " + dir + " -c listen_addresses=127.0.0.1" + (durable ? "" : " -c fsync=off"),
          "start");
      return c;
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a directory for PostgreSQL", e);
    }
  }

  private static Path binaries() {
    Path base = Path.of("/usr/lib/postgresql");
    try (Stream<Path> versions = Files.list(base)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
          .orElseThrow(() -> new IllegalStateException(MISSING));
    } catch (IOException e) {
      throw new IllegalStateException(MISSING + ": no " + base, e);
    }
  }

  private Path data() {
    return dir.resolve("data");
  }

  private void pg(String program, String... args) {
    List<String> cmd = new ArrayList<>();
    if (root) {
      cmd.addAll(List.of("runuser", "-u", USER, "--"));
    }
    cmd.add(bin.resolve(program).toString());
    cmd.addAll(List.of(args));
    run(dir, cmd, true);
  }

  private static void run(Path dir, List<String> cmd, boolean showLog) {
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        String log = showLog ? read(dir.resolve("postgres.log")) : "";
        throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + new String(out, StandardCharsets.UTF_8)
            + log);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + cmd.get(0) + " (" + MISSING + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + cmd.get(0), e);
    }
  }

  private static String read(Path f) {
    try {
      return Files.exists(f) ? Files.readString(f) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** A new, empty database on this cluster; its JDBC URL (user included). */
  public String newDatabase() {
    String name = "t" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres"));
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return url(name);
  }

  private String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
  }

  /**
   * CPU time of the cluster's processes so far (Linux {@code /proc}, for benchmarks): the postmaster's
   * own and its exited children's, plus its live children's; the kernel counts in 1/100 s.
   */
  public long serverCpuNanos() {
    try {
      String pid = Files.readAllLines(data().resolve("postmaster.pid")).get(0).trim();
      long ticks = 0;
      try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
        for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
          String[] f = statFields(proc);
          if (f == null) {
            continue;
          }
          // after "pid (comm)": [1] ppid ... [11] utime [12] stime [13] cutime [14] cstime
          if (proc.getFileName().toString().equals(pid)) {
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
          } else if (f[1].equals(pid)) {
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
          }
        }
      }
      return ticks * 10_000_000L;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the cluster's CPU time", e);
    }
  }

  /** The fields of /proc/PID/stat after the command name, or null for a process gone meanwhile. */
  private static String[] statFields(Path proc) {
    try {
      String stat = Files.readString(proc.resolve("stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void close() {
    try {
      pg("pg_ctl", "-D", data().toString(), "-m", "fast", "-w", "stop");
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        // a temporary directory left behind is harmless
      }
    }
  }
}
