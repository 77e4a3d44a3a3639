package org.proximity.gateway.systemd;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd how the service is (sd_notify(3), unit {@code Type=notify}): {@code READY=1} once
 * it runs, {@code STATUS=} a one-line summary that {@code systemctl status} shows, {@code STOPPING=1}
 * when it stops, and {@code WATCHDOG=1} only while the pipeline thread makes progress, so that
 * {@code WatchdogSec=} restarts a wedged service. The thread {@value #THREAD_NAME} ticks every half
 * watchdog period (at most {@link #STATUS_PERIOD}); without {@code NOTIFY_SOCKET} nothing is sent.
 * A failed send is logged once and never stops the service.
 */
public final class ServiceNotifier implements AutoCloseable {
  public static final String THREAD_NAME = "systemd-notify";
  static final Duration STATUS_PERIOD = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(ServiceNotifier.class);

  private final NotifySocket socket;
  private final Duration watchdog;
  private final LongSupplier progress;
  private final Supplier<String> status;
  private ScheduledExecutorService timer;
  private long lastProgress;
  private boolean stalled;
  private boolean sendFailed;
  private boolean closed;

  /**
   * @param socket where to send, or null for nowhere
   * @param watchdog systemd's watchdog period, or null when the unit has none
   * @param progress a counter the pipeline thread advances on every pass of its loop
   * @param status the one-line summary
   */
  ServiceNotifier(NotifySocket socket, Duration watchdog, LongSupplier progress, Supplier<String> status) {
    this.socket = socket;
    this.watchdog = watchdog;
    this.progress = progress;
    this.status = status;
    this.lastProgress = progress.getAsLong();
  }

  /** From {@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC} and {@code WATCHDOG_PID} (sd_watchdog_enabled(3)). */
  public static ServiceNotifier fromEnvironment(Map<String, String> env, LongSupplier progress, Supplier<String> status) {
    NotifySocket socket = null;
    try {
      socket = NotifySocket.fromEnvironment(env).orElse(null);
    } catch (IOException | RuntimeException | LinkageError e) {
      LOG.warn("systemd: cannot open NOTIFY_SOCKET ({}); readiness and watchdog are not sent", e.toString());
    }
    return new ServiceNotifier(socket, watchdog(env, ProcessHandle.current().pid()).orElse(null), progress, status);
  }

  /** The watchdog period for this process, if systemd asked for one. */
  static Optional<Duration> watchdog(Map<String, String> env, long pid) {
    String usec = env.get("WATCHDOG_USEC");
    String forPid = env.get("WATCHDOG_PID");
    try {
      if (usec == null || (forPid != null && Long.parseLong(forPid.trim()) != pid)) {
        return Optional.empty();
      }
      long micros = Long.parseLong(usec.trim());
      return micros > 0 ? Optional.of(Duration.ofNanos(micros * 1000)) : Optional.empty();
    } catch (NumberFormatException e) {
      LOG.warn("systemd: WATCHDOG_USEC or WATCHDOG_PID is not a number; no watchdog");
      return Optional.empty();
    }
  }

  /** How often {@link #tick} runs: half the watchdog period, at most {@link #STATUS_PERIOD}. */
  Duration tickPeriod() {
    if (watchdog == null) {
      return STATUS_PERIOD;
    }
    Duration half = watchdog.dividedBy(2);
    return half.compareTo(STATUS_PERIOD) < 0 ? half : STATUS_PERIOD;
  }

  /** Sends READY=1 with the first status, then ticks until {@link #close}. Call once every part runs. */
  public synchronized void ready() {
    if (socket == null) {
      return;
    }
    sendReady();
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, THREAD_NAME);
      t.setDaemon(true);
      return t;
    });
    long period = tickPeriod().toMillis();
    timer.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  synchronized void sendReady() {
    send("READY=1\nSTATUS=" + statusLine());
  }

  /** One tick: the status, and WATCHDOG=1 only if the pipeline moved since the last tick. */
  synchronized void tick() {
    long now = progress.getAsLong();
    boolean moved = now != lastProgress;
    lastProgress = now;
    if (moved && stalled) {
      LOG.info("systemd: the pipeline moves again; the watchdog is fed again");
    } else if (!moved && !stalled) {
      LOG.error("systemd: the pipeline thread made no progress for {} ms; the watchdog is no longer fed",
          tickPeriod().toMillis());
    }
    stalled = !moved;
    String line = stalled ? "pipeline stalled; " + statusLine() : statusLine();
    send((moved && watchdog != null ? "WATCHDOG=1\n" : "") + "STATUS=" + line);
  }

  private String statusLine() {
    try {
      return status.get().replace('\n', ' ');
    } catch (RuntimeException e) {
      return "status unavailable: " + e.getClass().getSimpleName();
    }
  }

  private void send(String message) {
    if (socket == null) {
      return;
    }
    try {
      socket.send(message);
      sendFailed = false;
    } catch (IOException | RuntimeException e) {
      if (!sendFailed) {
        LOG.warn("systemd: notification not sent: {}", e.toString());
      }
      sendFailed = true;
    }
  }

  /** Sends STOPPING=1 and stops ticking. */
  @Override
  public void close() {
    ScheduledExecutorService t;
    synchronized (this) {
      t = timer;
      timer = null;
    }
    if (t != null) {
      t.shutdownNow();
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      send("STOPPING=1\nSTATUS=stopping");
      if (socket != null) {
        socket.close();
      }
    }
  }
}
