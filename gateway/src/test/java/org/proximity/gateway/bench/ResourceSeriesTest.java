package org.proximity.gateway.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class ResourceSeriesTest {
  private static final long MB = 1 << 20;

  private static List<ResourceSeries.Sample> series(IntFunction<ResourceSeries.Sample> at) {
    List<ResourceSeries.Sample> s = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      s.add(at.apply(i));
    }
    return s;
  }

  private static ResourceSeries.Sample sample(int i, long heap, int threads, int files, int outbox) {
    return new ResourceSeries.Sample(Instant.EPOCH.plusSeconds(600L * i), heap, threads, files, outbox);
  }

  @Test
  void growth_flatWithNoise_isNone() {
    assertEquals(List.of(), ResourceSeries.growth(series(i -> sample(i, (10 + i % 3) * MB, 20 + i % 2, 40 + i % 3, i % 4 * 10))));
  }

  @Test
  void growth_warmUpInFirstThird_isIgnored() {
    assertEquals(List.of(), ResourceSeries.growth(series(i -> sample(i, (i < 4 ? 2 + i * 3 : 12) * MB, i < 4 ? 10 + i : 14, 40, 0))));
  }

  @Test
  void growth_leakingHeapThreadsFilesOutbox_eachNamed() {
    List<String> grew = ResourceSeries.growth(series(i -> sample(i, (10 + 4L * i) * MB, 20 + i, 40 + 2 * i, 100 * i)));
    assertEquals(List.of("heap", "heap floor", "threads", "open files", "outbox"),
        grew.stream().map(g -> g.substring(0, g.indexOf(" grew"))).toList(), grew.toString());
  }

  /** Eight simulated hours sampled every ten minutes, with a rush-hour wave of +4 MB from :15 to :35 of each hour. */
  private static List<ResourceSeries.Sample> waves(double floorMb, double driftMbPerHour) {
    List<ResourceSeries.Sample> s = new ArrayList<>();
    for (int i = 0; i < 48; i++) {
      int minute = i % 6 * 10;
      double mb = floorMb + driftMbPerHour * i / 6 + (minute == 20 || minute == 30 ? 4 : 0) + (i % 2) * 0.1;
      s.add(sample(i, (long) (mb * MB), 17, 14, 0));
    }
    return s;
  }

  @Test
  void growth_wavesOnAFlatFloor_isNone() {
    assertEquals(List.of(), ResourceSeries.growth(waves(22.6, 0)));
  }

  @Test
  void growth_slowLeakUnderTheWaves_isTheFloorThatGrew() {
    // the eight-hour soak that ran out of heap: 1.2 MB an hour, inside the peaks' slack
    List<String> grew = ResourceSeries.growth(waves(23.8, 1.2));
    assertEquals(1, grew.size(), grew.toString());
    assertTrue(grew.get(0).startsWith("heap floor grew from "), grew.toString());
  }

  @Test
  void growth_tooFewSamples_isNone() {
    assertEquals(List.of(), ResourceSeries.growth(List.of(sample(0, MB, 1, 1, 0), sample(1, 100 * MB, 100, 100, 1000))));
  }
}
