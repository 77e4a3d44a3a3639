package org.proximity.gateway.bucket;

import org.proximity.contract.payload.RssiSummary;

/**
 * RSSI statistics without per-sighting storage: exact min and max, and a median from a fixed
 * histogram of 2 dB bins over [-120, -20) dBm (values outside are clamped into the end bins).
 *
 * <p>The bins are unsigned bytes, 50 per tracked ID, held in a shared slab ({@link IdTable}); the
 * static methods work on a slab and an offset, an instance wraps its own 50 bytes. When a bin
 * would pass 255, every bin is halved (rounding up, so an occupied bin stays occupied) before the
 * increment: the histogram then holds the readings' proportions rather than their counts.
 *
 * <p>Median accuracy: the median is the centre of the bin that holds it, clamped to [min, max],
 * so while no bin has passed 255 readings it is within 1 dB of the lower median of the readings.
 * With one reading per second per ID (the scan-window rule, {@link IdTable}) that is at least
 * 255 s in one 2 dB bin. After a halving, each halving moves a bin's count by at most half a
 * reading, so the reported median is within 1 dB of a reading whose rank is within a few percent
 * of the middle (tested: between the 40th and 60th percentile for up to 1,800 readings).
 *
 * <p>Not thread-safe; owned by the pipeline thread.
 */
final class RssiHistogram {
  static final int LOW = -120;
  static final int BIN_DB = 2;
  static final int BINS = 50;
  private static final int SATURATED = 0xFF;

  private final byte[] bins = new byte[BINS];
  private byte min = Byte.MAX_VALUE;
  private byte max = Byte.MIN_VALUE;
  private boolean any;

  void add(int rssi) {
    int clamped = clamp(rssi);
    min = (byte) Math.min(min, clamped);
    max = (byte) Math.max(max, clamped);
    any = true;
    add(bins, 0, clamped);
  }

  RssiSummary summary() {
    if (!any) {
      throw new IllegalStateException("no RSSI recorded");
    }
    return summary(bins, 0, min, max);
  }

  /** RSSI clamped to what a signed byte and the radio can report: [-127, 20]. */
  static int clamp(int rssi) {
    return Math.max(-127, Math.min(20, rssi));
  }

  static int binOf(int rssi) {
    return Math.max(0, Math.min(BINS - 1, (rssi - LOW) / BIN_DB));
  }

  /** Counts one reading in the histogram at {@code slab[off .. off + BINS)}. */
  static void add(byte[] slab, int off, int rssi) {
    int i = off + binOf(rssi);
    if ((slab[i] & 0xFF) == SATURATED) {
      halve(slab, off);
    }
    slab[i]++;
  }

  /** Adds the histogram at {@code from[fromOff ..]} into {@code to[toOff ..]}, halving as needed. */
  static void merge(byte[] to, int toOff, byte[] from, int fromOff) {
    int[] sum = new int[BINS];
    int top = 0;
    for (int b = 0; b < BINS; b++) {
      sum[b] = (to[toOff + b] & 0xFF) + (from[fromOff + b] & 0xFF);
      top = Math.max(top, sum[b]);
    }
    while (top > SATURATED) {
      top = 0;
      for (int b = 0; b < BINS; b++) {
        sum[b] = (sum[b] + 1) >>> 1;
        top = Math.max(top, sum[b]);
      }
    }
    for (int b = 0; b < BINS; b++) {
      to[toOff + b] = (byte) sum[b];
    }
  }

  private static void halve(byte[] slab, int off) {
    for (int b = 0; b < BINS; b++) {
      slab[off + b] = (byte) (((slab[off + b] & 0xFF) + 1) >>> 1);
    }
  }
  static RssiSummary summary(byte[] slab, int off, int min, int max) {
    int total = 0;
    for (int b = 0; b < BINS; b++) {
      total += slab[off + b] & 0xFF;
    }
    int median = max;
    if (total > 0) {
      int half = (total + 1) / 2;
      int seen = 0;
      for (int b = 0; b < BINS; b++) {
        seen += slab[off + b] & 0xFF;
        if (seen >= half) {
          median = LOW + b * BIN_DB + BIN_DB / 2;
          break;
        }
      }
    }
    // the bin centre can lie outside the observed range when every sample sits on one edge
    median = Math.max(min, Math.min(max, median));
    return new RssiSummary(min, median, max);
  }
}
