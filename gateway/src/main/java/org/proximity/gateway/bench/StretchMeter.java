package org.proximity.gateway.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongUnaryOperator;

/**
 * Adds up what the bench's timed stretches cost: wall time, the process's CPU, the collectors'
 * time, bytes allocated, and CPU by thread (threads named alike, such as Paho's per client, count
 * together). Called from the bench's driver thread only.
 */
final class StretchMeter {
  /** CPU of the process that no live Java thread accounts for: the collector, the compiler, threads that ended. */
  static final String OTHER = "other";

  private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
  private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long nanos;
  private long cpu;
  private long gcMillis;
  private long allocated;
  private Map<Long, Long> allocatedAtStart = Map.of();
  private Map<Long, Long> cpuAtStart = Map.of();
  private final Map<String, Long> cpuByThread = new TreeMap<>();

  /** Loads the instruments' classes outside the stretches (the first stretch also times the start-up). */
  void warmUp() {
    os.getProcessCpuTime();
    collectorMillis();
    allocatedByThread();
    cpuByThread();
  }

  void start() {
    nanos -= System.nanoTime();
    cpu -= os.getProcessCpuTime();
    gcMillis -= collectorMillis();
    allocatedAtStart = allocatedByThread();
    cpuAtStart = cpuByThread();
  }

  /**
   * Ends a stretch. A thread that ended meanwhile takes its counts with it, so {@code
   * countAllocation} is false for a stretch in which the gateway's threads end (its shutdown).
   */
  void stop(boolean countAllocation) {
    nanos += System.nanoTime();
    cpu += os.getProcessCpuTime();
    gcMillis += collectorMillis();
    if (countAllocation) {
      allocatedByThread().forEach((id, bytes) -> allocated += bytes - allocatedAtStart.getOrDefault(id, 0L));
    }
    Map<Long, Long> now = cpuByThread();
    for (Map.Entry<Long, Long> e : now.entrySet()) {
      Long before = cpuAtStart.get(e.getKey());
      String name = name(e.getKey());
      if (name != null) {
        cpuByThread.merge(name, e.getValue() - (before == null ? 0 : before), Long::sum);
      }
    }
  }

  long nanos() {
    return nanos;
  }

  long cpuNanos() {
    return cpu;
  }

  private static long collectorMillis() {
    long sum = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, gc.getCollectionTime());
    }
    return sum;
  }

  long gcMillis() {
    return gcMillis;
  }

  long allocatedBytes() {
    return allocated;
  }

  /** CPU nanoseconds by thread name, the largest first, and {@value #OTHER} for the rest of the process's. */
  Map<String, Long> cpuNanosByThread() {
    Map<String, Long> out = new LinkedHashMap<>();
    cpuByThread.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    long accounted = cpuByThread.values().stream().mapToLong(Long::longValue).sum();
    out.merge(OTHER, Math.max(0, cpu - accounted), Long::sum);
    return out;
  }

  private String name(long id) {
    ThreadInfo info = threads.getThreadInfo(id);
    if (info == null) {
      return null;
    }
    String n = info.getThreadName();
    int colon = n.indexOf(':');
    return colon > 0 ? n.substring(0, colon) : n;
  }

  private Map<Long, Long> allocatedByThread() {
    return byThread(threads::getThreadAllocatedBytes);
  }

  private Map<Long, Long> cpuByThread() {
    return byThread(threads::getThreadCpuTime);
  }

  /** A reading of every live thread, by thread ID; negative readings (not supported, thread gone) left out. */
  private Map<Long, Long> byThread(LongUnaryOperator reading) {
    Map<Long, Long> m = new HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      long v = reading.applyAsLong(id);
      if (v >= 0) {
        m.put(id, v);
      }
    }
    return m;
  }
}
