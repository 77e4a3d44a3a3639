package org.proximity.gateway.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * Heap after a full GC, live threads, open file descriptors and outbox size, sampled between timed
 * stretches; {@link #growth} says which of them kept growing (the soak's check).
 */
public final class ResourceSeries {
  /** One sample, at simulated time {@code at}. {@code openFiles} is -1 where /proc/self/fd is missing. */
  public record Sample(Instant at, long heapBytes, int threads, int openFiles, int outbox) {}

  private static final Path FDS = Path.of("/proc/self/fd");
  private final List<Sample> samples = new ArrayList<>();

  /** Takes a sample: runs a full GC first, so the heap figure is what is live. */
  Sample sample(Instant at, int outbox) {
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    Sample s = new Sample(at, heap, threads(), openFiles(), outbox);
    samples.add(s);
    return s;
  }

  public List<Sample> samples() {
    return List.copyOf(samples);
  }

  /** Live threads, less the JDK's "process reaper"s (pooled for a minute after each restart command). */
  private static int threads() {
    return (int) Thread.getAllStackTraces().keySet().stream().filter(t -> !t.getName().equals("process reaper")).count();
  }

  private static int openFiles() {
    try (Stream<Path> fds = Files.list(FDS)) {
      return (int) fds.count() - 1; // the listing's own descriptor
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * What grew: a metric whose largest value in the last third of the series exceeds its largest
   * in the middle third by more than its slack (heap: a quarter plus 2 MB; threads 2; files 4;
   * outbox 64 messages). The first third is warm-up. Empty when flat, or with fewer than 6 samples.
   * The heap's smallest values are compared too, with a sixteenth plus 1 MB: a slow leak raises the
   * floor between the station's waves long before its peaks leave their wider slack (the eight-hour
   * soak that ran out of heap had drifted by 1.2 MB an hour, docs/benchmarks.md, "Soak").
   */
  public List<String> growth() {
    return growth(samples);
  }

  static List<String> growth(List<Sample> samples) {
    List<String> grew = new ArrayList<>();
    if (samples.size() < 6) {
      return grew;
    }
    check(samples, grew, "heap", Sample::heapBytes, m -> m / 4 + (2L << 20), Extreme.LARGEST);
    check(samples, grew, "heap floor", Sample::heapBytes, m -> m / 16 + (1L << 20), Extreme.SMALLEST);
    check(samples, grew, "threads", Sample::threads, m -> 2, Extreme.LARGEST);
    check(samples, grew, "open files", Sample::openFiles, m -> 4, Extreme.LARGEST);
    check(samples, grew, "outbox", Sample::outbox, m -> 64, Extreme.LARGEST);
    return grew;
  }

  /** Which value of each third is compared: the peak, or the floor between peaks. */
  private enum Extreme { LARGEST, SMALLEST }

  private static void check(List<Sample> samples, List<String> grew, String name, ToLongFunction<Sample> metric,
      LongUnaryOperator slack, Extreme extreme) {
    int n = samples.size();
    long middle = extreme(samples, n / 3, 2 * n / 3, metric, extreme);
    long last = extreme(samples, 2 * n / 3, n, metric, extreme);
    if (last > middle + slack.applyAsLong(middle)) {
      grew.add(name + " grew from " + middle + " to " + last);
    }
  }

  private static long extreme(List<Sample> samples, int from, int to, ToLongFunction<Sample> metric, Extreme extreme) {
    long m = extreme == Extreme.LARGEST ? Long.MIN_VALUE : Long.MAX_VALUE;
    for (int i = from; i < to; i++) {
      long v = metric.applyAsLong(samples.get(i));
      m = extreme == Extreme.LARGEST ? Math.max(m, v) : Math.min(m, v);
    }
    return m;
  }
}
