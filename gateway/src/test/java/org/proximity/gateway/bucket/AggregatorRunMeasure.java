package org.proximity.gateway.bucket;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.gateway.ad.DeviceKind;

/**
 * CPU time per sighting of the aggregator alone, one by one ({@link EncounterAggregator#sightId})
 * against runs ({@link EncounterAggregator#sightAll}), as the number of distinct IDs and addresses
 * grows: 80 % ID sightings of {@code n} IDs, 20 % presences of {@code n / 4} addresses, in random
 * order, 3.5 a second per device as in {@code bench}'s station ({@code -Donly=one} or {@code runs}:
 * one side only, in a JVM of its own). Command and figures: docs/benchmarks.md, "Distinct IDs". Not
 * a test: run by hand.
 */
public final class AggregatorRunMeasure {
  private static final long T0 = 1_796_281_200L; // 2026-12-03T07:00:00Z, a bucket start

  private AggregatorRunMeasure() {}

  public static void main(String[] args) {
    int sightings = 20_000_000;
    for (String a : args) {
      int n = Integer.parseInt(a);
      for (int round = 0; round < 2; round++) {
        String only = System.getProperty("only", "");
        double one = only.equals("runs") ? Double.NaN : measure(n, sightings, false);
        double runs = only.equals("one") ? Double.NaN : measure(n, sightings, true);
        System.out.printf(Locale.ROOT, "%,d IDs and %,d addresses: one by one %.1f ns, in runs %.1f ns per sighting%n",
            n, n / 4, one, runs);
      }
    }
  }

  private static double measure(int n, int sightings, boolean inRuns) {
    SplittableRandom rnd = new SplittableRandom(n);
    byte[] id = new byte[16]; // ID k is computed, not loaded: the measure's own memory stays out of the caches' way
    EncounterAggregator agg = new EncounterAggregator(BucketWidth.DEFAULT, TestKeys::forDay,
        new EncounterAggregator.Limits(Math.max(n, 1), Math.max(n / 4, 1)));
    SightingRun run = new SightingRun();
    // 3.5 sightings a second per device, as in bench's station (53 M advertisements of 125,000 devices in 2 minutes)
    long perSecond = Math.max(1, n * 5L * 35 / 40);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < sightings; i++) {
      long second = T0 + i / perSecond;
      int rssi = -90 + (i & 63);
      if (rnd.nextInt(5) != 0) {
        int k = rnd.nextInt(n);
        fill(id, mix(k), mix(k + n));
        if (inRuns) {
          run.addId(second, DeviceKind.GAEN, id, 0, 16, -1, rssi);
        } else {
          agg.sightId(Instant.ofEpochSecond(second), DeviceKind.GAEN, id, null, rssi);
        }
      } else {
        long address = 0xC0_0000_0000L + rnd.nextInt(Math.max(n / 4, 1));
        if (inRuns) {
          run.addPresence(second, DeviceKind.OTHER, address, false);
        } else {
          agg.sightPresence(Instant.ofEpochSecond(second), DeviceKind.OTHER, address, false);
        }
      }
      if (run.isFull()) {
        agg.sightAll(run, e -> {
          throw e;
        });
      }
    }
    agg.sightAll(run, e -> {
      throw e;
    });
    return (double) (threads.getCurrentThreadCpuTime() - cpu) / sightings;
  }

  private static void fill(byte[] id, long w0, long w1) {
    for (int b = 0; b < 8; b++) {
      id[b] = (byte) (w0 >>> (8 * b));
      id[8 + b] = (byte) (w1 >>> (8 * b));
    }
  }

  private static long mix(long x) {
    long z = x * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    return z ^ (z >>> 31);
  }
}
