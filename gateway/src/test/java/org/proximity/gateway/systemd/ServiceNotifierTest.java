package org.proximity.gateway.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sd_notify messages, received on a datagram socket the test owns (no systemd needed). */
class ServiceNotifierTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  @TempDir Path dir;
  final AtomicLong passes = new AtomicLong();

  ServiceNotifier notifier(TestNotifySocket systemd, Duration watchdog) throws Exception {
    NotifySocket socket = NotifySocket.fromEnvironment(Map.of("NOTIFY_SOCKET", systemd.name())).orElseThrow();
    return new ServiceNotifier(socket, watchdog, passes::get, () -> "simulator running: 3.0 adv/s");
  }

  @Test
  void watchdogIsFedOnlyWhileThePipelineMakesProgress() throws Exception {
    try (TestNotifySocket systemd = TestNotifySocket.at(dir.resolve("notify"));
        ServiceNotifier n = notifier(systemd, Duration.ofSeconds(10))) {
      n.sendReady();
      assertEquals("READY=1\nSTATUS=simulator running: 3.0 adv/s", systemd.next(WAIT));
      passes.addAndGet(7);
      n.tick();
      assertEquals("WATCHDOG=1\nSTATUS=simulator running: 3.0 adv/s", systemd.next(WAIT));
      n.tick(); // no pass of the pipeline loop since the last tick: wedged
      String stalled = systemd.next(WAIT);
      assertFalse(stalled.contains("WATCHDOG=1"), stalled);
      assertTrue(stalled.startsWith("STATUS=pipeline stalled; "), stalled);
      n.tick();
      assertFalse(systemd.next(WAIT).contains("WATCHDOG=1"), "still wedged");
      passes.incrementAndGet();
      n.tick();
      assertEquals("WATCHDOG=1\nSTATUS=simulator running: 3.0 adv/s", systemd.next(WAIT), "moves again");
      n.close();
      assertEquals("STOPPING=1\nSTATUS=stopping", systemd.next(WAIT));
    }
  }

  @Test
  void withoutWatchdog_onlyStatus() throws Exception {
    try (TestNotifySocket systemd = TestNotifySocket.abstractNamed("proximity-test-" + ProcessHandle.current().pid());
        ServiceNotifier n = notifier(systemd, null)) {
      passes.incrementAndGet();
      n.tick();
      assertEquals("STATUS=simulator running: 3.0 adv/s", systemd.next(WAIT), "abstract socket, no WATCHDOG_USEC");
      assertEquals(ServiceNotifier.STATUS_PERIOD, n.tickPeriod());
    }
  }

  @Test
  void watchdogPeriod_fromWatchdogUsec_onlyForThisPid() {
    assertEquals(Optional.of(Duration.ofSeconds(60)), ServiceNotifier.watchdog(Map.of("WATCHDOG_USEC", "60000000"), 42));
    assertEquals(Optional.of(Duration.ofSeconds(60)),
        ServiceNotifier.watchdog(Map.of("WATCHDOG_USEC", "60000000", "WATCHDOG_PID", "42"), 42));
    assertEquals(Optional.empty(), ServiceNotifier.watchdog(Map.of("WATCHDOG_USEC", "60000000", "WATCHDOG_PID", "7"), 42),
        "meant for another process");
    assertEquals(Optional.empty(), ServiceNotifier.watchdog(Map.of("WATCHDOG_USEC", "sixty"), 42));
    assertEquals(Optional.empty(), ServiceNotifier.watchdog(Map.of(), 42));
  }

  @Test
  void tickPeriod_isHalfTheWatchdogAtMostFiveSeconds() throws Exception {
    try (TestNotifySocket systemd = TestNotifySocket.at(dir.resolve("notify"))) {
      assertEquals(Duration.ofMillis(500), notifier(systemd, Duration.ofSeconds(1)).tickPeriod());
      assertEquals(Duration.ofSeconds(5), notifier(systemd, Duration.ofSeconds(60)).tickPeriod());
    }
  }

  @Test
  void withoutNotifySocket_nothingIsSentAndNothingFails() throws Exception {
    try (TestNotifySocket systemd = TestNotifySocket.at(dir.resolve("notify"))) {
      ServiceNotifier n = ServiceNotifier.fromEnvironment(Map.of(), passes::get, () -> "x");
      n.ready();
      passes.incrementAndGet();
      n.tick();
      n.close();
      assertNull(systemd.next(Duration.ofMillis(300)), "nothing arrives anywhere");
    }
  }

  @Test
  void systemdGoneAndBack_aFailedSendIsLoggedAndTheNextOneArrives() throws Exception {
    TestNotifySocket systemd = TestNotifySocket.at(dir.resolve("notify"));
    try (ServiceNotifier n = notifier(systemd, Duration.ofSeconds(10))) {
      systemd.close();
      Files.delete(dir.resolve("notify"));
      passes.incrementAndGet();
      n.tick(); // no socket there: logged, not thrown
      try (TestNotifySocket again = TestNotifySocket.at(dir.resolve("notify"))) {
        passes.incrementAndGet();
        n.tick();
        assertEquals("WATCHDOG=1\nSTATUS=simulator running: 3.0 adv/s", again.next(WAIT));
      }
    }
  }
}
