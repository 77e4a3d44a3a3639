package org.proximity.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scan --live} refusing a bad config, in-process (its runs with a broker and a terminal: ScanCommandIT). */
class ScanCommandTest {
  @TempDir Path dir;

  @Test
  void scanLive_badConfig_exits78NamingTheKey() throws Exception {
    Path cfg = dir.resolve("bad.toml");
    Files.writeString(cfg, "site = \"s\"\ngateway = \"g\"\n[radio]\nsource = \"usb\"\n");
    Cli.Run run = Cli.run("scan", "--config", cfg.toString(), "--live", "--for", "1s");
    assertEquals(78, run.exit());
    assertTrue(run.err().contains("radio.source must be one of bluez, tinyb, replay, simulator, was \"usb\""), run.err());
  }
}
