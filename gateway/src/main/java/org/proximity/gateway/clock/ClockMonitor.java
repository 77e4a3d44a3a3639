package org.proximity.gateway.clock;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.proximity.contract.payload.ClockState;
import org.proximity.gateway.config.GatewayConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the system clock is synchronised, asked of systemd-timesyncd, chrony or timedatectl
 * (firmware-notes/clock.md), refreshed on the thread {@value #THREAD_NAME}. A Raspberry Pi has no
 * real-time clock and boots with a wrong time until one of these has synced.
 */
public final class ClockMonitor implements Supplier<ClockState>, AutoCloseable {
  public static final String THREAD_NAME = "clock-monitor";
  /** The source of {@code clock.sync = "trust"}: assumed right, not confirmed by NTP. */
  public static final String TRUSTED = "trusted";
  /** systemd-timesyncd touches this file once it has synchronised (systemd 239 and later). */
  static final Path TIMESYNCD_FLAG = Path.of("/run/systemd/timesync/synchronized");
  private static final Logger LOG = LoggerFactory.getLogger(ClockMonitor.class);

  private final List<Probe> probes;
  private volatile ClockState state = ClockState.UNKNOWN;

  /** One way of asking; returns null when this way is not available on the machine. */
  @FunctionalInterface
  public interface Probe {
    ClockState probe();
  }

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, THREAD_NAME);
        t.setDaemon(true);
        return t;
      });

  public ClockMonitor(List<Probe> probes) {
    this.probes = List.copyOf(probes);
  }

  /** The probes for {@code clock.sync}: {@code auto} asks the system; {@code trust} assumes synced (an RTC). */
  public static ClockMonitor forSetting(GatewayConfig.ClockSync sync) {
    if (sync == GatewayConfig.ClockSync.TRUST) {
      return new ClockMonitor(List.of(() -> new ClockState(true, TRUSTED)));
    }
    return new ClockMonitor(List.of(ClockMonitor::timesyncd, ClockMonitor::chrony, ClockMonitor::timedatectl));
  }

  public void start(Duration period) {
    refresh();
    timer.scheduleWithFixedDelay(this::refresh, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  public void refresh() {
    ClockState next = new ClockState(false, "none");
    for (Probe p : probes) {
      ClockState s = p.probe();
      if (s != null) {
        next = s;
        break;
      }
    }
    if (!next.equals(state)) {
      LOG.info("system clock {} ({})", next.synced() ? "synchronised" : "NOT synchronised", next.source());
    }
    state = next;
  }

  @Override
  public ClockState get() {
    return state;
  }

  static ClockState timesyncd() {
    return Files.exists(TIMESYNCD_FLAG) ? new ClockState(true, "systemd-timesyncd") : null;
  }

  /** {@code chronyc -n tracking}: "Leap status : Normal" once synchronised. */
  static ClockState chrony() {
    String out = run("chronyc", "-n", "tracking");
    if (out == null) {
      return null;
    }
    return new ClockState(parseChronyTracking(out), "chrony");
  }

  static boolean parseChronyTracking(String out) {
    for (String line : out.split("\n")) {
      String[] kv = line.split(":", 2);
      if (kv.length == 2 && kv[0].trim().equals("Leap status")) {
        return !kv[1].trim().equals("Not synchronised");
      }
    }
    return false;
  }

  /** {@code timedatectl show -p NTPSynchronized --value}: "yes" or "no". */
  static ClockState timedatectl() {
    String out = run("timedatectl", "show", "-p", "NTPSynchronized", "--value");
    if (out == null || !(out.trim().equals("yes") || out.trim().equals("no"))) {
      return null;
    }
    return new ClockState(out.trim().equals("yes"), "timedatectl");
  }

  /** Runs a short command; null when it is missing, fails or takes longer than 3 s. */
  private static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      try (InputStream in = p.getInputStream()) {
        if (!p.waitFor(3, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return null;
        }
        String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return p.exitValue() == 0 ? out : null;
      }
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
