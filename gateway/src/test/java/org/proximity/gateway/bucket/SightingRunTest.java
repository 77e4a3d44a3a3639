package org.proximity.gateway.bucket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.CrowdMinute;
import org.proximity.contract.payload.EncounterBatch;
import org.proximity.gateway.ad.DeviceKind;

/**
 * {@link EncounterAggregator#sightAll} must have exactly the effect of the same sightings told one by
 * one, in order: the same records (first and last, sightings, RSSI under the scan-window rule, the
 * AEM of the first sighting), the same counts (overflow past the caps, late, future, distinct), the
 * same crowd minutes. The stream has thousands of IDs and addresses, more than the caps hold, hot IDs
 * repeated within a run and within a second, stragglers, minutes and buckets closing between runs,
 * and re-bases; the RSSI, AEM and overflow rules depend on the order, so a run path that reorders or
 * drops a sighting gives other batches.
 */
class SightingRunTest {
  private static final Instant T0 = Instant.parse("2026-12-03T07:00:00Z");
  private static final BucketWidth WIDTH = new BucketWidth(10);
  private static final EncounterAggregator.Limits LIMITS = new EncounterAggregator.Limits(1_500, 600);
  private static final DeviceKind[] PRESENCE_KINDS = {
    DeviceKind.BLUEZONE_IOS, DeviceKind.BLUETRACE, DeviceKind.APPLE, DeviceKind.OTHER, DeviceKind.GAEN};

  static LongStream seeds() {
    long base = Long.getLong("test.seed", 20261203L);
    return LongStream.range(0, 6).map(i -> base + i);
  }

  /** What both aggregators went through. */
  private record Outcome(List<EncounterBatch> batches, List<CrowdMinute> minutes, long unhashable) {}

  @ParameterizedTest
  @MethodSource("seeds")
  void runs_giveExactlyWhatOneByOneGives(long seed) {
    Outcome oneByOne = play(seed, false, false);
    Outcome inRuns = play(seed, true, seed % 2 == 0);
    assertTrue(oneByOne.batches().size() >= 4, "several buckets: " + oneByOne.batches().size());
    assertTrue(oneByOne.batches().stream().anyMatch(b -> b.counts().overflow() > 0), "past the caps");
    assertTrue(oneByOne.batches().stream().anyMatch(b -> b.counts().late() > 0), "late sightings");
    assertTrue(oneByOne.batches().stream().anyMatch(b -> b.counts().rebased() > 0), "a re-base moved records");
    assertTrue(oneByOne.minutes().size() >= 10, "many minutes: " + oneByOne.minutes().size());
    assertEquals(oneByOne.batches().size(), inRuns.batches().size(), "seed " + seed);
    for (int i = 0; i < oneByOne.batches().size(); i++) {
      EncounterBatch want = oneByOne.batches().get(i);
      EncounterBatch got = inRuns.batches().get(i);
      String where = "seed " + seed + ", batch " + i;
      assertEquals(want.bucket(), got.bucket(), where);
      assertEquals(want.counts(), got.counts(), where);
      assertEquals(want.records().size(), got.records().size(), where);
      for (int r = 0; r < want.records().size(); r++) {
        assertEquals(want.records().get(r), got.records().get(r), where + ", record " + r);
      }
      assertEquals(want, got, where); // and whatever else a batch carries
    }
    assertEquals(oneByOne.minutes(), inRuns.minutes(), "seed " + seed);
    assertEquals(oneByOne.unhashable(), inRuns.unhashable());
  }

  @Test
  void aFullRun_refusesMore() {
    SightingRun run = new SightingRun();
    for (int i = 0; i < SightingRun.MAX; i++) {
      run.addPresence(1, DeviceKind.OTHER, i + 1, false);
    }
    assertTrue(run.isFull());
    assertThrows(IllegalStateException.class, () -> run.addPresence(1, DeviceKind.OTHER, 7, false));
  }

  /**
   * Plays the seed's stream, sightings one by one or in runs of random length (1 to a full run),
   * with the loads ahead always or never (the tables here are below the size that turns them on).
   */
  private static Outcome play(long seed, boolean inRuns, boolean loadAhead) {
    SplittableRandom rnd = new SplittableRandom(seed);
    SplittableRandom runLengths = new SplittableRandom(seed ^ 0x5EED);
    EncounterAggregator agg = new EncounterAggregator(WIDTH, TestKeys::forDay, LIMITS);
    if (loadAhead) {
      agg.loadAheadFrom(0);
    }
    SightingRun run = new SightingRun();
    int runLength = 1;
    List<RuntimeException> errors = new ArrayList<>();
    byte[][] ids = new byte[3_000][];
    int[] aems = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = new byte[i < 2_000 ? 16 : 12]; // GAEN RPIs, then Bluezone IDs
      rnd.nextBytes(ids[i]);
      aems[i] = rnd.nextInt();
    }
    List<EncounterBatch> batches = new ArrayList<>();
    List<CrowdMinute> minutes = new ArrayList<>();
    Instant now = T0;
    for (int step = 0; step < 40_000; step++) {
      int what = rnd.nextInt(10_000);
      if (what < 9_950) {
        if (rnd.nextInt(100) < 5) {
          now = now.plusSeconds(rnd.nextInt(1, 4));
        }
        Instant at = now;
        int when = rnd.nextInt(1_000);
        if (when < 40) {
          at = now.minusSeconds(rnd.nextInt(1, 900)); // a straggler, sometimes into a closed minute or bucket
        } else if (when == 40) {
          at = now.plus(Duration.ofDays(3)); // a wild clock: future
        }
        int rssi = -100 + rnd.nextInt(70);
        if (rnd.nextInt(100) < 70) {
          // an ID, often one of a few hot ones (repeated within a run and within a second)
          int i = rnd.nextInt(100) < 30 ? rnd.nextInt(40) : rnd.nextInt(ids.length);
          DeviceKind kind = ids[i].length == 16 ? DeviceKind.GAEN : DeviceKind.BLUEZONE;
          byte[] aem = null;
          if (kind == DeviceKind.GAEN && rnd.nextInt(100) < 90) {
            int a = rnd.nextInt(100) < 10 ? rnd.nextInt() : aems[i]; // the first AEM heard is kept
            aem = new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
          }
          if (inRuns) {
            byte[] framed = new byte[ids[i].length + 9]; // the ID and AEM inside a larger array, as scanned
            System.arraycopy(ids[i], 0, framed, 3, ids[i].length);
            if (aem != null) {
              System.arraycopy(aem, 0, framed, 3 + ids[i].length, 4);
            }
            run.addId(at.getEpochSecond(), kind, framed, 3, ids[i].length, aem == null ? -1 : 3 + ids[i].length, rssi);
          } else {
            agg.sightId(at, kind, ids[i], aem, rssi);
          }
        } else {
          long address = 0xC0_0000_0000L + rnd.nextInt(1_500);
          DeviceKind kind = PRESENCE_KINDS[(int) (address % PRESENCE_KINDS.length)];
          boolean malformed = rnd.nextInt(100) < 3;
          if (inRuns) {
            run.addPresence(at.getEpochSecond(), kind, address, malformed);
          } else {
            agg.sightPresence(at, kind, address, malformed);
          }
        }
        if (inRuns && run.size() >= runLength) {
          assertEquals(0, agg.sightAll(run, errors::add));
          runLength = 1 + runLengths.nextInt(SightingRun.MAX);
        }
        continue;
      }
      if (inRuns) {
        assertEquals(0, agg.sightAll(run, errors::add)); // whatever is pending goes in before the clock moves
      }
      if (what < 9_980) {
        minutes.addAll(agg.closeMinutesEndedBy(now));
      } else if (what < 9_995) {
        batches.addAll(agg.closeEndedBy(now.minusSeconds(60)));
      } else {
        long shift = rnd.nextInt(100) < 70 ? rnd.nextLong(-300, 300) : rnd.nextLong(-1_200, 1_200);
        agg.rebase(Duration.ofSeconds(shift));
        now = now.plusSeconds(shift);
      }
    }
    if (inRuns) {
      assertEquals(0, agg.sightAll(run, errors::add));
    }
    assertTrue(errors.isEmpty(), errors.toString());
    minutes.addAll(agg.closeAllMinutes());
    batches.addAll(agg.closeAllAsPartial());
    return new Outcome(batches, minutes, agg.unhashableBuckets());
  }
}
