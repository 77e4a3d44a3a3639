package org.proximity.gateway.bucket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
}
