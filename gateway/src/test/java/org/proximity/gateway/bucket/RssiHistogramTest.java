package org.proximity.gateway.bucket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.proximity.contract.payload.RssiSummary;

class RssiHistogramTest {

  static Stream<Long> seeds() {
    long base = Long.getLong("test.seed", 20261129L);
    return LongStream.range(0, 200).mapToObj(i -> base + i);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void summary_randomSamples_minMaxExactMedianWithinOneDb(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = 1 + rnd.nextInt(500);
    int[] samples = new int[n];
    RssiHistogram h = new RssiHistogram();
    for (int i = 0; i < n; i++) {
      samples[i] = -100 + rnd.nextInt(71);
      h.add(samples[i]);
    }
    Arrays.sort(samples);
    RssiSummary s = h.summary();
    assertEquals(samples[0], s.min(), "seed " + seed);
    assertEquals(samples[n - 1], s.max(), "seed " + seed);
    int lowerMedian = samples[(n - 1) / 2];
    assertTrue(Math.abs(s.median() - lowerMedian) <= 1, "seed " + seed + ": " + s + " vs " + lowerMedian);
  }

  /** Past 255 readings in one bin the bins are halved: the median stays near the middle reading. */
  @ParameterizedTest
  @MethodSource("seeds")
  void summary_manyReadingsSaturatingBins_medianNearTheMiddle(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = 256 + rnd.nextInt(1_545); // up to 1,800: one reading a second over a 30-minute bucket
    int centre = -90 + rnd.nextInt(40);
    int spread = 1 + rnd.nextInt(12);
    int[] samples = new int[n];
    RssiHistogram h = new RssiHistogram();
    for (int i = 0; i < n; i++) {
      samples[i] = centre + rnd.nextInt(-spread, spread + 1);
      h.add(samples[i]);
    }
    Arrays.sort(samples);
    RssiSummary s = h.summary();
    assertEquals(samples[0], s.min(), "seed " + seed);
    assertEquals(samples[n - 1], s.max(), "seed " + seed);
    boolean near = false;
    for (int i = (int) (n * 0.4); i <= (int) (n * 0.6); i++) {
      near |= Math.abs(s.median() - samples[i]) <= 1;
    }
    assertTrue(near, "seed " + seed + ": " + s + " not within 1 dB of the 40th-60th percentile");
  }
}
