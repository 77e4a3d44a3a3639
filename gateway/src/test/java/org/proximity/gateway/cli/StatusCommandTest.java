package org.proximity.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.common.cli.ExitCodes;
import org.proximity.gateway.TestStation;

/** {@code status} against status files the test writes: running, no file, stale, process gone. */
class StatusCommandTest {
  @TempDir Path dir;

  private Path config() throws Exception {
    return TestStation.config(dir, "tcp://127.0.0.1:1", "source = \"simulator\"");
  }

  private void statusFile(long pid, Instant written) throws Exception {
    Files.createDirectories(dir.resolve("state"));
    Files.writeString(dir.resolve("state/status.json"), """
        {"schema":"proximity-gateway/status-file/1","written":"%s","pid":%d,"started":"2026-12-03T08:00:00Z",
         "source":"bluez","per_second":{"gaen":12.5,"other":3.0},"tracked_ids":40,"batches":7,
         "outbox":{"entries":2,"oldest":"2026-12-03T09:00:00Z"},
         "broker":{"connected":true,"reconnects":1,"published":99,"last_publish":"2026-12-03T09:01:00Z"},
         "radio":{"state":"SCANNING","recoveries":2,"adapter_losses":1},
         "clock":{"synced":true,"source":"systemd-timesyncd"},"day_key":"2026-12-03","led":"OK"}
        """.formatted(written.truncatedTo(ChronoUnit.SECONDS), pid));
  }

  @Test
  void running_oneScreenWithEveryPart() throws Exception {
    statusFile(ProcessHandle.current().pid(), Instant.now());
    Cli.Run r = Cli.run("status", "--config", config().toString());
    assertEquals(0, r.exit(), r.out() + r.err());
    for (String want : new String[] {"proximity-gateway: running since 2026-12-03T08:00:00Z", "LED         OK",
        "radio       bluez SCANNING, 2 recoveries, 1 adapter losses", "adv/s       gaen 12.5, other 3.0",
        "tracked     40 IDs in open buckets, 7 batches closed", "outbox      2 waiting, oldest since 2026-12-03T09:00:00Z",
        "broker      connected, 1 reconnects, last publish 2026-12-03T09:01:00Z", "clock       synchronised (systemd-timesyncd)",
        "day key     2026-12-03"}) {
      assertTrue(r.out().contains(want), want + " in\n" + r.out());
    }
    assertTrue(r.out().lines().count() <= 24, "one screen");
  }

  @Test
  void noStatusFile_notRunningExit3() throws Exception {
    Cli.Run r = Cli.run("status", "--config", config().toString());
    assertEquals(StatusScreen.NOT_RUNNING, r.exit());
    assertTrue(r.out().startsWith("proximity-gateway is NOT running: no status file " + dir.resolve("state/status.json")),
        r.out());
  }

  @Test
  void staleFile_saysSoExit3() throws Exception {
    statusFile(ProcessHandle.current().pid(), Instant.now().minusSeconds(120));
    Cli.Run r = Cli.run("status", "--config", config().toString());
    assertEquals(StatusScreen.NOT_RUNNING, r.exit());
    assertTrue(r.out().contains("the status file is STALE, last written 12"), r.out());
  }

  @Test
  void processGone_saysSoExit3() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    statusFile(p.pid(), Instant.now());
    Cli.Run r = Cli.run("status", "--config", config().toString());
    assertEquals(StatusScreen.NOT_RUNNING, r.exit());
    assertTrue(r.out().contains("its process " + p.pid() + " is gone"), r.out());
  }

  @Test
  void brokenConfig_exit78() throws Exception {
    Cli.Run r = Cli.run("status", "--config", dir.resolve("missing.toml").toString());
    assertEquals(ExitCodes.CONFIG_ERROR, r.exit(), r.out() + r.err());
  }
}
