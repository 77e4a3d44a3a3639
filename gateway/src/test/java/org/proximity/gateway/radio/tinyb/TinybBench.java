package org.proximity.gateway.radio.tinyb;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.proximity.gateway.radio.bluez.BluezAdvertisementSourceTestData;
import org.proximity.gateway.radio.bluez.DbusMockBluez;

/**
 * Throughput and CPU per advertisement of the tinyb source fed by the dbusmock BlueZ (not a unit
 * test; docs/benchmarks.md "BlueZ back ends"). The source runs in a child JVM ({@link TinybProbe}
 * {@code --count-only}), so the child's whole CPU time is the source's own (TinyB's GLib thread,
 * JNI, conversion), with nothing of the Java driver of the mock in it. Run from the repository
 * root after {@code mvn -o -pl gateway test-compile}:
 *
 * <pre>
 * mvn -B -q -o -pl gateway dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp gateway/target/test-classes:gateway/target/classes:$(cat /tmp/cp.txt) \
 *     org.proximity.gateway.radio.tinyb.TinybBench 20000 4
 * </pre>
 *
 * Arguments: RSSI updates to send, caller threads (as BluezBench).
 */
public final class TinybBench {
  private static final Pattern ADVERTS = Pattern.compile("\\badvertisements=(\\d+)");

  private TinybBench() {}

  public static void main(String[] args) throws Exception {
    int updates = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    Path dir = Files.createTempDirectory("tinyb-bench");
    try (DbusMockBluez mock = new DbusMockBluez(dir)) {
      mock.addAdapter("hci0");
      LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Process probe = TinybProbe.launch(mock.address(), lines, "--count-only");
      String l;
      do {
        l = lines.poll(30, TimeUnit.SECONDS); // stderr comes first (TinyB's native loader notes)
      } while (l != null && !l.equals("ready") && !l.startsWith("error"));
      if (!"ready".equals(l)) {
        throw new IllegalStateException("probe did not start: " + l);
      }
      OutputStream in = probe.getOutputStream();
      List<String> devs = mock.addGaenDevices("hci0", threads * 10, TinybAdvertisementSourceIT.GAEN_UUID,
          BluezAdvertisementSourceTestData.GAEN_DATA);
      long before = waitFor(in, lines, devs.size(), Duration.ofSeconds(30));
      Duration cpu0 = probe.info().totalCpuDuration().orElseThrow();
      long t0 = System.nanoTime();
      long target = before + mock.sendRssiUpdates(devs, updates, threads);
      long got = waitFor(in, lines, target, Duration.ofSeconds(30)) - before;
      long t1 = System.nanoTime();
      Duration cpu = probe.info().totalCpuDuration().orElseThrow().minus(cpu0);
      double secs = (t1 - t0) / 1e9;
      System.out.printf("tinyb: %d advertisements in %.2f s = %.0f/s; whole child JVM CPU %.1f us/adv%n",
          got, secs, got / secs, cpu.toNanos() / 1e3 / got);
      in.close();
      probe.waitFor(10, TimeUnit.SECONDS);
      probe.destroyForcibly();
    }
  }

  /** Polls the probe's counter (about every 50 ms) until it reaches {@code target} or time is up. */
  private static long waitFor(OutputStream in, LinkedBlockingQueue<String> lines, long target, Duration limit)
      throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    long n = 0;
    while (System.nanoTime() < deadline) {
      lines.clear(); // the probe's log lines; every earlier health request has been answered
      in.write("health\n".getBytes(StandardCharsets.UTF_8));
      in.flush();
      String l;
      do {
        l = lines.poll(5, TimeUnit.SECONDS);
      } while (l != null && !l.startsWith("health "));
      Matcher m = l == null ? null : ADVERTS.matcher(l);
      if (m != null && m.find()) {
        n = Long.parseLong(m.group(1));
        if (n >= target) {
          return n;
        }
      }
      Thread.sleep(50); // bench main only, not a test
    }
    return n;
  }
}
