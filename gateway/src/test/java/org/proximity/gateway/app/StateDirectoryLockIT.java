package org.proximity.gateway.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.common.cli.ExitCodes;
import org.proximity.gateway.cli.Main;
import org.proximity.gateway.publish.file.StateDirectoryLock;

/**
 * Two {@code run} processes on one config would share the outbox and the MQTT client id. The first
 * holds the state directory's lock; the second is refused with one line and exit 73, and takes the
 * directory once the first has ended.
 */
class StateDirectoryLockIT {
  @TempDir Path dir;

  private Path config() throws Exception {
    Path root = ServiceProcess.rootKey(dir);
    return Files.writeString(dir.resolve("gateway.toml"), String.join("\n",
        "site = \"s\"", "gateway = \"g\"",
        "[radio]", "source = \"simulator\"", "[radio.simulator]", "phones = 5",
        "[keys]", "root_key_file = \"" + root + "\"",
        "[mqtt]", "url = \"tcp://127.0.0.1:1\"",
        "[outbox]", "dir = \"" + dir.resolve("state/outbox") + "\"", ""));
  }

  private record Run(int exit, String err) {}

  /** {@code run --config} in this JVM, as a technician's second attempt would be. */
  private static Run runInProcess(Path cfg) {
    PrintStream oldErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return new Run(Main.run(new String[] {"run", "--config", cfg.toString()}), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(oldErr);
    }
  }

  @Test
  void secondRunOnTheSameConfig_isRefusedWithExit73NamingTheDirectoryAndThePid() throws Exception {
    Path cfg = config();
    Path lockFile = dir.resolve("state/outbox/lock");
    Process first = ServiceProcess.run(cfg, dir.resolve("first.log")).start();
    try {
      String pid = Long.toString(first.pid());
      await().atMost(Duration.ofSeconds(30)).until(
          () -> Files.exists(lockFile) && Files.readString(lockFile).trim().equals(pid));
      Run second = runInProcess(cfg);
      assertEquals(ExitCodes.STATE_IN_USE, second.exit(), second.err());
      assertTrue(second.err().contains("the state directory " + dir.resolve("state/outbox")
          + " (outbox.dir) is in use by another gateway process (pid " + pid + ")"), second.err());
      assertFalse(second.err().contains("\tat "), "no stack trace");
      assertTrue(first.isAlive(), "the first process is not disturbed");
    } finally {
      first.destroy();
      first.waitFor(30, TimeUnit.SECONDS);
    }
    // the OS released the lock with the process: the directory can be taken again
    StateDirectoryLock.acquire(dir.resolve("state/outbox")).close();
  }
}
