package org.proximity.gateway.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.proximity.common.cli.ExitCodes;
import org.proximity.common.config.ConfigException;
import org.proximity.gateway.ad.AdvertisementScanner;
import org.proximity.gateway.ad.ScanResult;
import org.proximity.gateway.app.Service;
import org.proximity.gateway.config.ConfigLoader;
import org.proximity.gateway.config.GatewayConfig;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.AdvertisementSource;
import org.proximity.gateway.scan.ScanScreen;
import org.proximity.gateway.scan.ScanStats;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code scan --live}: what the radio hears right now, for the technician choosing where to mount
 * the gateway. The source and config are those of {@code run}; nothing is published, hashed or
 * stored, and no GATT read is made. Redrawn each second on a terminal, one frame after another
 * otherwise. Exit status: 0 after Ctrl-C, {@code --for}, or the end of a replay; 75 when the radio
 * cannot start or its recovery gave up (as {@code run}); 78 for a configuration error.
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
    description = "Show what the radio hears (adverts/s by kind, distinct IDs, RSSI) to choose where to mount the gateway; publishes nothing.")
public final class ScanCommand implements Callable<Integer> {
  static final String THREAD = "scan-decode";

  @Option(names = "--config", required = true, description = "The TOML config file (the radio settings of run).")
  Path config;

  @Option(names = "--live", required = true,
      description = "The live view: redrawn every second on a terminal, plain frames when stdout is not one. Ctrl-C ends it.")
  boolean live;

  @Option(names = "--for", converter = DurationConverter.class, description = "Stop after this long (default: until Ctrl-C).")
  Duration duration;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    GatewayConfig cfg;
    try {
      cfg = ConfigLoader.load(config);
    } catch (ConfigException e) {
      throw RunCommand.configFailure(e);
    }
    CountDownLatch stop = new CountDownLatch(1);
    AtomicInteger status = new AtomicInteger(ExitCodes.OK);
    Service.Listening listening;
    try {
      listening = Service.listening(cfg, InstantSource.system(), reason -> {
        spec.commandLine().getErr().println("radio recovery exhausted: " + reason);
        status.set(ExitCodes.RADIO_FAILED);
        stop.countDown();
      });
    } catch (ConfigException e) {
      throw RunCommand.configFailure(e);
    }
    AdvertisementSource source = listening.source();
    ScanStats stats = new ScanStats();
    ArrayBlockingQueue<Advertisement> queue = new ArrayBlockingQueue<>(8192);
    AtomicReference<Instant> newest = new AtomicReference<>(Instant.EPOCH);
    Thread decoder = new Thread(() -> decode(queue, stats, newest), THREAD);
    decoder.setDaemon(true);
    decoder.start();
    Signal.handle(new Signal("INT"), s -> stop.countDown());
    try {
      source.start(a -> {
        while (!queue.offer(a)) {
          queue.poll(); // a live view wants the newest reports
        }
      });
    } catch (AdvertisementSource.SourceException e) {
      decoder.interrupt();
      throw new ExitCodes.CommandFailure(ExitCodes.RADIO_FAILED, "the radio cannot start: " + e.getMessage());
    }
    // replay advertisements carry the capture's time: the view follows them instead of the wall clock
    InstantSource now = cfg.radio().source() == GatewayConfig.RadioSource.REPLAY ? newest::get : listening.clock();
    boolean terminal = System.console() != null;
    long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
    PrintWriter out = spec.commandLine().getOut();
    try {
      while (!stop.await(1, TimeUnit.SECONDS)) {
        List<String> lines;
        synchronized (stats) {
          lines = ScanScreen.render(stats.snapshot(now.instant()), source.name());
        }
        out.print(terminal ? ScanScreen.CLEAR : "");
        out.println(String.join(System.lineSeparator(), lines));
        if (!terminal) {
          out.println();
        }
        out.flush();
        if (System.nanoTime() - deadline >= 0 || source.isExhausted()) {
          break;
        }
      }
    } finally {
      source.close();
      decoder.interrupt();
    }
    return status.get();
  }

  /** The decode thread: kind and rolling ID of each report into the stats (the source's thread only enqueues). */
  private static void decode(ArrayBlockingQueue<Advertisement> queue, ScanStats stats, AtomicReference<Instant> newest) {
    AdvertisementScanner scanner = new AdvertisementScanner();
    ScanResult r = new ScanResult();
    try {
      while (true) {
        Advertisement a = queue.take();
        if (a.extended()) {
          scanner.scanExtended(a.dataUnsafe(), r);
        } else {
          scanner.scan(a.dataUnsafe(), r);
        }
        synchronized (stats) {
          stats.record(a.receivedAt(), r.kind(), r.hasId() ? r.copyId() : null, a.address().value(), a.rssi());
        }
        if (a.receivedAt().isAfter(newest.get())) {
          newest.set(a.receivedAt());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
