package org.proximity.gateway.radio.bluez;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput and CPU per advertisement of the bluez source fed by the dbusmock BlueZ (not a unit
 * test; docs/benchmarks.md "BlueZ back ends"). Run from the repository root after {@code mvn -o
 * -pl gateway test-compile}:
 *
 * <pre>
 * mvn -B -q -o -pl gateway dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp gateway/target/test-classes:gateway/target/classes:$(cat /tmp/cp.txt) \
 *     org.proximity.gateway.radio.bluez.BluezBench 20000 4
 * </pre>
 *
 * Arguments: RSSI updates to send, caller threads. The mock turns each {@code UpdateProperties}
 * into one {@code PropertiesChanged}; the figure is bounded by the single-threaded Python mock.
 */
public final class BluezBench {
  private BluezBench() {}

  public static void main(String[] args) throws Exception {
    int updates = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    Path dir = Files.createTempDirectory("bluez-bench");
    var mx = ManagementFactory.getThreadMXBean();
    AtomicLong heard = new AtomicLong();
    AtomicLong signalThread = new AtomicLong(-1);
    try (DbusMockBluez mock = new DbusMockBluez(dir)) {
      mock.addAdapter("hci0");
      var source = new BluezAdvertisementSource(BluezConfig.defaults().withBusAddress(mock.address()),
          InstantSource.system(), r -> { });
      source.start(a -> {
        signalThread.compareAndSet(-1, Thread.currentThread().getId());
        heard.incrementAndGet();
      });
      List<String> devs = mock.addGaenDevices("hci0", threads * 10, BluezAdvertisementSourceIT.GAEN_UUID,
          BluezAdvertisementSourceIT.GAEN_DATA);
      while (heard.get() < devs.size() * 2L) {
        Thread.onSpinWait();
      }
      long before = heard.get();
      long cpu0 = mx.getThreadCpuTime(signalThread.get());
      long proc0 = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
      long t0 = System.nanoTime();
      long target = before + mock.sendRssiUpdates(devs, updates, threads);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (heard.get() < target && System.nanoTime() < deadline) {
        Thread.sleep(1); // bench main only, not a test
      }
      long t1 = System.nanoTime();
      long got = heard.get() - before;
      long cpu = mx.getThreadCpuTime(signalThread.get()) - cpu0;
      long proc = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() - proc0;
      double secs = (t1 - t0) / 1e9;
      System.out.printf("bluez: %d advertisements in %.2f s = %.0f/s; signal-thread CPU %.1f us/adv;"
          + " whole JVM (incl. the Java driver of the mock) %.1f us/adv%n",
          got, secs, got / secs, cpu / 1e3 / got, proc / 1e3 / got);
      source.close();
    }
  }
}
