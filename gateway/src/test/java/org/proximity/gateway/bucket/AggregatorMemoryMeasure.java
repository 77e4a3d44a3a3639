package org.proximity.gateway.bucket;

import java.time.Instant;
import java.util.Locale;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.gateway.ad.DeviceKind;

/**
 * Measures the heap that an {@link EncounterAggregator} retains per tracked ID: used heap after
 * full GCs, before and after feeding {@code n} distinct GAEN IDs (3 sightings each) into one
 * bucket, all within one minute (so the per-minute crowd counter holds every ID too: the worst
 * case). Command and figures: docs/benchmarks.md, "Aggregator memory". Not a test: run by hand.
 */
public final class AggregatorMemoryMeasure {
  private AggregatorMemoryMeasure() {}

  public static void main(String[] args) throws InterruptedException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Instant t0 = Instant.parse("2024-10-04T10:00:00Z");
    byte[] aem = {1, 2, 3, 4};
    byte[] id = new byte[16];
    long before = usedAfterGc();
    EncounterAggregator agg =
        new EncounterAggregator(BucketWidth.DEFAULT, TestKeys::forDay, new EncounterAggregator.Limits(n, 1_000));
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < n; i++) {
        fill(id, i);
        agg.sightId(t0.plusSeconds(round * 20L + i % 20), DeviceKind.GAEN, id, aem, -40 - (i + round * 7) % 60);
      }
    }
    long after = usedAfterGc();
    if (agg.trackedIds() != n) {
      throw new IllegalStateException("tracked " + agg.trackedIds() + " of " + n);
    }
    long tableBytes = agg.retainedBytes();
    int published = agg.closeAllAsPartial().get(0).records().size();
    agg.closeAllMinutes();
    long afterClose = usedAfterGc();
    System.out.printf(Locale.ROOT,
        "ids=%d maxHeap=%dMiB retained=%d B (%.1f B/ID, heap delta after GC) tables=%.1f B/ID (array sizes)"
            + " afterClose=%d B published=%d%n",
        n, Runtime.getRuntime().maxMemory() >> 20, after - before, (after - before) / (double) n,
        tableBytes / (double) n, afterClose - before, published);
    if (agg.trackedIds() != 0) {
      throw new IllegalStateException("IDs still held after close");
    }
  }

  private static void fill(byte[] id, int i) {
    long a = 0x9E3779B97F4A7C15L * (i + 1);
    for (int b = 0; b < 8; b++) {
      id[b] = (byte) (a >>> (8 * b));
      id[8 + b] = (byte) (i >>> (8 * (b & 3)));
    }
  }

  private static long usedAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }
}
