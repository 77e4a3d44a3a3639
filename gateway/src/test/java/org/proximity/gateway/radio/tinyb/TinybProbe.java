package org.proximity.gateway.radio.tinyb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.proximity.common.retry.Backoff;
import org.proximity.gateway.ad.AdvertisementDecoder;
import org.proximity.gateway.ad.DecodedAdvertisement;
import org.proximity.gateway.radio.recovery.RecoveryLadder;

/**
 * Runs the tinyb source in its own JVM: GLib reads DBUS_SYSTEM_BUS_ADDRESS at start and ends the
 * process when its bus connection closes, so TinyB cannot share the test JVM. Prints {@code ready},
 * then one line per advertisement ({@code adv kind=GAEN rssi=-79 id=<sha-free length>}) and never
 * an ID or address; {@code health} on stdin prints the source's counters; stops when stdin
 * closes. Options after the adapter: {@code --count-only} (no line per advertisement), {@code
 * --cleanup-ms=N} and {@code --silent-ms=N} (cache clean-up interval and silence before removal).
 */
public final class TinybProbe {
  private TinybProbe() {}

  /**
   * Starts the probe in a child JVM on the bus at {@code busAddress} (through
   * DBUS_SYSTEM_BUS_ADDRESS, as GLib reads it) and copies each line it prints into {@code lines}.
   */
  static Process launch(String busAddress, Collection<String> lines, String... options)
      throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), TinybProbe.class.getName(), "hci0"));
    cmd.addAll(List.of(options));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("DBUS_SYSTEM_BUS_ADDRESS", busAddress);
    Process probe = pb.start();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8))) {
        String l;
        while ((l = r.readLine()) != null) {
          lines.add(l);
        }
      } catch (IOException ignored) {
        // probe ended
      }
    }, "tinyb-probe-reader");
    reader.setDaemon(true);
    reader.start();
    return probe;
  }

  public static void main(String[] args) throws Exception {
    var policy = new RecoveryLadder.Policy(Duration.ofMinutes(5), Duration.ofHours(1),
        new Backoff(Duration.ofMillis(300), Duration.ofSeconds(2), 0.0), 3, 2, Duration.ofSeconds(30),
        Duration.ofMinutes(10));
    List<String> opts = Arrays.asList(args);
    Duration cleanup = Duration.ofSeconds(60);
    Duration silent = Duration.ofSeconds(120);
    for (String o : opts) {
      if (o.startsWith("--cleanup-ms=")) {
        cleanup = Duration.ofMillis(Long.parseLong(o.substring(13)));
      } else if (o.startsWith("--silent-ms=")) {
        silent = Duration.ofMillis(Long.parseLong(o.substring(12)));
      }
    }
    var config = new TinybAdvertisementSource.Config(args.length > 0 ? args[0] : "hci0",
        Duration.ofMillis(100), cleanup, silent, policy);
    AdvertisementDecoder decoder = new AdvertisementDecoder();
    boolean quiet = opts.contains("--count-only");
    var source = new TinybAdvertisementSource(config, InstantSource.system(),
        reason -> System.out.println("failed " + reason));
    try {
      source.start(a -> {
        if (!quiet) {
          DecodedAdvertisement d = decoder.decode(a.dataUnsafe());
          System.out.println("adv kind=" + d.kind().name() + " rssi=" + a.rssi()
              + " idBytes=" + (d.rollingId() == null ? 0 : d.rollingId().length)
              + " fault=" + (d.fault() != null));
        }
      });
    } catch (Exception e) {
      System.out.println("error " + e.getMessage());
      System.exit(3);
    }
    System.out.println("ready");
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.equals("health")) {
        System.out.println("health " + source.health());
        System.out.flush();
      }
    }
    source.close();
    System.exit(0);
  }
}
