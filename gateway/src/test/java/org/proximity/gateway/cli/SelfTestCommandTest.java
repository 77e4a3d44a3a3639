package org.proximity.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.common.cli.ExitCodes;
import org.proximity.common.testing.MosquittoBroker;

class SelfTestCommandTest {
  @TempDir Path dir;

  /** A config with a day key and an outbox in {@code dir} that does not exist yet. */
  static Path config(Path dir, String url) throws Exception {
    Path key = dir.resolve("day.key");
    Files.writeString(key, "2024-10-04 67a7a416a25d7f34c14600a890f5ae4ee3310988a807b3c22730ba1700028a46\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    return Files.writeString(dir.resolve("gateway.toml"), String.join("\n",
        "site = \"s\"", "gateway = \"g\"", "[radio]", "source = \"simulator\"",
        "[keys]", "day_key_file = \"" + key + "\"",
        "[mqtt]", "url = \"" + url + "\"",
        "[outbox]", "dir = \"" + dir.resolve("state/outbox") + "\"", ""));
  }

  @Test
  void selftest_stateDirectoryMissing_createsNothing() throws Exception {
    int port = MosquittoBroker.freeLoopbackPort();
    Cli.Run r = Cli.run("selftest", "--config", config(dir, "tcp://127.0.0.1:" + port).toString());
    assertTrue(r.out().contains("[ ok ] state directory " + dir.resolve("state/outbox") + " does not exist yet;"
        + " the service creates it in " + dir), r.out());
    assertFalse(Files.exists(dir.resolve("state")), "selftest created the state directory");
  }

  @Test
  void selftest_brokerDown_failsSayingWhyAndExits1() throws Exception {
    int port = MosquittoBroker.freeLoopbackPort();
    Cli.Run r = Cli.run("selftest", "--config", config(dir, "tcp://127.0.0.1:" + port).toString());
    assertEquals(ExitCodes.FAILURE, r.exit());
    assertTrue(r.out().contains("[FAIL] broker tcp://127.0.0.1:" + port + ": cannot reach the broker"), r.out());
    assertTrue(r.out().contains("selftest: 1 check(s) failed"), r.out());
  }
}
