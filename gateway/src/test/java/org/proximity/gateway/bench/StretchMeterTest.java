package org.proximity.gateway.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class StretchMeterTest {
  private static final long BUSY_NANOS = 40_000_000;
  private static volatile long sink;

  @Test
  void threadsStartedInAStretch_countUnderTheirName_withoutWhatFollowsTheColon() throws Exception {
    StretchMeter meter = new StretchMeter();
    meter.warmUp();
    CountDownLatch busyDone = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (String name : List.of("MQTT Rec: client-1", "MQTT Rec: client-2")) {
      threads.add(new Thread(() -> spinThenWait(busyDone, release), name));
    }
    meter.start();
    threads.forEach(Thread::start);
    busyDone.await();
    meter.stop(true);
    release.countDown();
    for (Thread t : threads) {
      t.join();
    }
    Map<String, Long> byThread = meter.cpuNanosByThread();
    assertTrue(byThread.getOrDefault("MQTT Rec", 0L) >= 2 * BUSY_NANOS, byThread.toString());
    long accounted = byThread.entrySet().stream().filter(e -> !e.getKey().equals(StretchMeter.OTHER))
        .mapToLong(Map.Entry::getValue).sum();
    // the threads' CPU is part of the process's: were it more, "other" would hide a double count
    assertTrue(accounted <= meter.cpuNanos() + 5_000_000, accounted + " of " + meter.cpuNanos());
    assertTrue(meter.nanos() > 0 && meter.allocatedBytes() >= 0);
  }

  /** Uses this thread's own CPU clock: it stops on work done, not on time passed. */
  private static void spinThenWait(CountDownLatch done, CountDownLatch release) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long until = threads.getCurrentThreadCpuTime() + BUSY_NANOS;
    long x = 0;
    while (threads.getCurrentThreadCpuTime() < until) {
      x = x * 31 + 7;
    }
    sink = x;
    done.countDown();
    try {
      release.await(); // alive until the stretch ends: an ended thread takes its count with it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
