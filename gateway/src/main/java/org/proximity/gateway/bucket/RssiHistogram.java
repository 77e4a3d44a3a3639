package org.proximity.gateway.bucket;

/**
 * RSSI statistics without per-sighting storage: exact min and max, and a median from a fixed
 * histogram of 2 dB bins over [-120, -20) dBm (values outside are clamped into the end bins).
 * The median is the centre of the bin that holds it, so it is exact to within 1 dB.
 *
 * <p>Not thread-safe; owned by the pipeline thread.
 */
final class RssiHistogram {
  static final int LOW = -120;
  static final int BIN_DB = 2;
  static final int BINS = 50;

  // char is an unsigned 16-bit counter; it saturates rather than wraps (a 30-minute bucket
  // at 4 adverts/s is 7,200 sightings).
  private final char[] bins = new char[BINS];
  private byte min = Byte.MAX_VALUE;
  private byte max = Byte.MIN_VALUE;
  private int total;

  void add(int rssi) {
    int clamped = Math.max(-127, Math.min(20, rssi));
    min = (byte) Math.min(min, clamped);
    max = (byte) Math.max(max, clamped);
    int bin = Math.max(0, Math.min(BINS - 1, (clamped - LOW) / BIN_DB));
    if (bins[bin] < Character.MAX_VALUE) {
      bins[bin]++;
      total++;
    }
  }

  RssiSummary summary() {
    if (total == 0) {
      throw new IllegalStateException("no RSSI recorded");
    }
    int half = (total + 1) / 2;
    int seen = 0;
    int median = max;
    for (int i = 0; i < BINS; i++) {
      seen += bins[i];
      if (seen >= half) {
        median = LOW + i * BIN_DB + BIN_DB / 2;
        break;
      }
    }
    // the bin centre can lie outside the observed range when every sample sits on one edge
    median = Math.max(min, Math.min(max, median));
    return new RssiSummary(min, median, max);
  }
}
