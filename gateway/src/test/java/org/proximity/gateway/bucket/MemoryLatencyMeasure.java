package org.proximity.gateway.bucket;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What one random cache line costs this machine, by the size of the table it lies in: the floor
 * under the aggregator's cost per sighting once its tables outgrow the caches. Two figures per size:
 * <ul>
 *   <li>dependent: each load's address comes from the load before (a chain through a random cycle
 *       of lines), so nothing overlaps: the latency of the level the table sits in;
 *   <li>independent: loads of random lines whose addresses are known ahead, summed, so the CPU keeps
 *       as many in flight as it can: the best that loading ahead ({@link EncounterAggregator#sightAll})
 *       can reach.
 * </ul>
 * Command and figures: docs/benchmarks.md, "The floor". Not a test: run by hand.
 */
public final class MemoryLatencyMeasure {
  private static final int LINE_INTS = 16; // 64-byte lines
  private static final int LOADS = 20_000_000;

  private MemoryLatencyMeasure() {}

  public static void main(String[] args) {
    long[] kib = args.length > 0 ? parse(args) : new long[] {32, 256, 1024, 4096, 8192, 16384, 32768, 65536, 262144};
    for (int round = 0; round < 2; round++) {
      for (long k : kib) {
        int lines = (int) (k * 1024 / 64);
        int[] table = chain(lines, new SplittableRandom(k));
        double dependent = dependent(table, lines);
        double independent = independent(table, lines, new SplittableRandom(k + 1));
        System.out.printf(Locale.ROOT, "%,9d KiB: dependent %6.1f ns, independent %5.1f ns per line%n", k, dependent, independent);
      }
    }
  }

  private static long[] parse(String[] args) {
    long[] kib = new long[args.length];
    for (int i = 0; i < args.length; i++) {
      kib[i] = Long.parseLong(args[i]);
    }
    return kib;
  }

  /** One int per line names the next line of a random cycle through all of them. */
  private static int[] chain(int lines, SplittableRandom rnd) {
    int[] order = new int[lines];
    for (int i = 0; i < lines; i++) {
      order[i] = i;
    }
    for (int i = lines - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int[] table = new int[lines * LINE_INTS];
    for (int i = 0; i < lines; i++) {
      table[order[i] * LINE_INTS] = order[(i + 1) % lines] * LINE_INTS;
    }
    return table;
  }

  private static double dependent(int[] table, int lines) {
    int at = 0;
    for (int i = 0; i < lines; i++) {
      at = table[at]; // once round the cycle: the table is loaded as far as the caches hold it
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < LOADS; i++) {
      at = table[at];
    }
    long ns = System.nanoTime() - t0;
    if (at == -1) {
      System.out.println(); // uses the chain's end, so the compiler cannot drop it
    }
    return (double) ns / LOADS;
  }

  private static double independent(int[] table, int lines, SplittableRandom rnd) {
    int[] where = new int[1 << 16]; // 256 KiB of addresses, read in order
    for (int i = 0; i < where.length; i++) {
      where[i] = rnd.nextInt(lines) * LINE_INTS;
    }
    int passes = LOADS / where.length;
    long sum = 0;
    long t0 = System.nanoTime();
    for (int p = 0; p < passes; p++) {
      for (int w : where) {
        sum += table[w];
      }
    }
    long ns = System.nanoTime() - t0;
    if (sum == 42) {
      System.out.println();
    }
    return (double) ns / ((long) passes * where.length);
  }
}
