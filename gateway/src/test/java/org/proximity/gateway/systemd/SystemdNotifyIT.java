package org.proximity.gateway.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.common.testing.MosquittoBroker;
import org.proximity.gateway.PackagedJar;
import org.proximity.gateway.TestStation;

/**
 * The packaged jar's {@code run} as systemd starts a {@code Type=notify} unit with
 * {@code WatchdogSec=1}: {@code NOTIFY_SOCKET} is a socket this test owns.
 */
class SystemdNotifyIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir Path dir;

  @Test
  void readyOnceRunning_watchdogWhileRunning_stoppingOnSigterm() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.in(dir.resolve("broker")).start();
        TestNotifySocket systemd = TestNotifySocket.at(dir.resolve("notify"))) {
      Path cfg = TestStation.config(dir, broker.url(), "source = \"simulator\"");
      Path log = dir.resolve("run.log");
      ProcessBuilder pb = new ProcessBuilder(PackagedJar.command("run", "--config", cfg.toString()))
          .redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("NOTIFY_SOCKET", systemd.name());
      pb.environment().put("WATCHDOG_USEC", "1000000");
      Process gw = pb.start();
      try {
        String ready = systemd.next(WAIT);
        assertNotNull(ready, "no READY=1 within 60 s: " + Files.readString(log));
        assertTrue(ready.startsWith("READY=1\nSTATUS=simulator running: "), ready);
        assertTrue(Files.readString(log).contains("gateway started with the simulator source"),
            "READY=1 came before the parts ran: " + Files.readString(log));
        List<String> after = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          after.add(systemd.next(Duration.ofSeconds(5)));
        }
        assertTrue(after.stream().allMatch(m -> m != null && m.startsWith("WATCHDOG=1\nSTATUS=simulator running: ")),
            "fed every half second while the pipeline runs: " + after);
        assertTrue(after.get(3).contains("broker connected"), after.get(3));
        gw.destroy();
        String last = null;
        for (String m = systemd.next(Duration.ofSeconds(30)); m != null; m = systemd.next(Duration.ofSeconds(5))) {
          last = m;
          if (m.startsWith("STOPPING=1")) {
            break;
          }
        }
        assertEquals("STOPPING=1\nSTATUS=stopping", last);
        assertTrue(gw.waitFor(60, TimeUnit.SECONDS));
        assertEquals(143, gw.exitValue(), Files.readString(log));
      } finally {
        gw.destroyForcibly();
      }
    }
  }
}
