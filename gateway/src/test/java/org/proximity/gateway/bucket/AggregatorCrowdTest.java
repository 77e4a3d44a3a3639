package org.proximity.gateway.bucket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.CrowdMinute;
import org.proximity.gateway.ad.DeviceKind;

/**
 * The aggregator looks an ID up in the crowd counter's minute set once per minute, not per
 * sighting: its crowd minutes must equal those of a counter that is told every sighting, through
 * out-of-order sightings, minute closes (sightings in a closed minute are late) and re-bases.
 */
class AggregatorCrowdTest {
  private static final Instant T0 = Instant.parse("2024-10-04T10:00:00Z");

  static LongStream seeds() {
    long base = Long.getLong("test.seed", 20261203L);
    return LongStream.range(0, 30).map(i -> base + i);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void crowdMinutes_sameAsCountingEverySighting(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    EncounterAggregator agg = new EncounterAggregator(BucketWidth.DEFAULT, TestKeys::forDay, EncounterAggregator.Limits.DEFAULT);
    CrowdCounter reference = new CrowdCounter(EncounterAggregator.Limits.DEFAULT.maxTrackedIds()
        + EncounterAggregator.Limits.DEFAULT.maxTrackedAddresses());
    byte[][] ids = new byte[12][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = new byte[16];
      ids[i][0] = (byte) i;
    }
    List<CrowdMinute> got = new ArrayList<>();
    List<CrowdMinute> want = new ArrayList<>();
    Instant now = T0;
    for (int step = 0; step < 3000; step++) {
      int what = rnd.nextInt(1000);
      if (what < 960) {
        now = now.plusSeconds(rnd.nextInt(0, 4));
        Instant at = now.minusSeconds(rnd.nextInt(100) < 5 ? rnd.nextInt(0, 200) : 0); // a few stragglers
        byte[] id = ids[rnd.nextInt(ids.length)];
        agg.sightId(at, DeviceKind.GAEN, id, null, -60);
        reference.sightId(at, DeviceKind.GAEN, id);
      } else if (what < 990) {
        got.addAll(agg.closeMinutesEndedBy(now));
        want.addAll(reference.closeMinutesEndedBy(now));
      } else {
        long shift = rnd.nextLong(-300, 300);
        agg.rebase(Duration.ofSeconds(shift));
        reference.rebase(shift);
        now = now.plusSeconds(shift);
      }
    }
    got.addAll(agg.closeAllMinutes());
    want.addAll(reference.closeAll());
    assertEquals(want, got, "seed " + seed);
  }
}
