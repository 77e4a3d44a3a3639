package org.proximity.gateway.bucket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.proximity.contract.payload.BucketCounts;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.EncounterBatch;
import org.proximity.contract.payload.EncounterRecord;
import org.proximity.contract.payload.RssiSummary;
import org.proximity.gateway.ad.DeviceKind;

/** Clock safety: steps, late sync and wild times, with a mutable clock stamping the sightings. */
class EncounterAggregatorClockTest {
  private static final Instant T0 = Instant.parse("2024-10-04T10:00:00Z");
  private static final byte[] RPI_A = HexFormat.of().parseHex("8be6cd371c5c891604bfbe49df845096");
  private static final byte[] RPI_B = HexFormat.of().parseHex("3c9a1de5dd6b02afa7fded7b570b3e56");
  private static final byte[] AEM = HexFormat.of().parseHex("72033874");

  /** The wall clock as the pipeline would read it: set, stepped, never read by the aggregator. */
  private static final class MutableClock {
    Instant now;

    MutableClock(Instant start) {
      now = start;
    }

    Instant advance(long seconds) {
      now = now.plusSeconds(seconds);
      return now;
    }
  }

  private final EncounterAggregator agg =
      new EncounterAggregator(BucketWidth.DEFAULT, TestKeys::forDay, EncounterAggregator.Limits.DEFAULT);

  @Test
  void rebase_byWholeBucket_movesRecordsAndCountsThemRebased() {
    agg.sightId(T0.plusSeconds(100), DeviceKind.GAEN, RPI_A, AEM, -60);
    agg.sightId(T0.plusSeconds(200), DeviceKind.GAEN, RPI_A, AEM, -60);
    agg.sightPresence(T0.plusSeconds(150), DeviceKind.APPLE, 0xA1L, false);
    agg.rebase(Duration.ofMinutes(30));
    assertTrue(agg.closeEndedBy(T0.plusSeconds(1800)).isEmpty());
    EncounterBatch b = agg.closeEndedBy(T0.plusSeconds(3600)).get(0);
    assertEquals(T0.plusSeconds(1800), b.bucket().start());
    EncounterRecord r = b.records().get(0);
    assertEquals(T0.plusSeconds(1900), r.first());
    assertEquals(T0.plusSeconds(2000), r.last());
    assertEquals(2, r.sightings());
    assertEquals(1, b.counts().rebased());
    assertEquals(0, b.counts().misplaced());
    assertEquals(1, b.counts().distinct().get("apple"));
    assertEquals(3L, b.counts().advertisements().values().stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void rebase_recordWouldStraddleBoundary_staysWholeInBucketOfFirstAndIsMisplaced() {
    agg.sightId(T0.plusSeconds(300), DeviceKind.GAEN, RPI_A, AEM, -60);
    agg.sightId(T0.plusSeconds(1200), DeviceKind.GAEN, RPI_A, AEM, -60);
    agg.rebase(Duration.ofMinutes(20)); // 10:05–10:20 becomes 10:25–10:40
    List<EncounterBatch> closed = agg.closeEndedBy(T0.plusSeconds(7200));
    assertEquals(1, closed.size());
    EncounterBatch b = closed.get(0);
    assertEquals(T0, b.bucket().start());
    EncounterRecord r = b.records().get(0);
    assertEquals(T0.plusSeconds(1500), r.first());
    assertEquals(T0.plusSeconds(1799), r.last());
    assertEquals(2, r.sightings());
    assertEquals(1, b.counts().misplaced());
  }

  @Test
  void rebase_sameIdFromTwoBucketsMeets_mergesIntoOneRecord() {
    agg.sightId(T0.plusSeconds(1740), DeviceKind.GAEN, RPI_A, AEM, -60);
    agg.sightId(T0.plusSeconds(1860), DeviceKind.GAEN, RPI_A, AEM, -70);
    agg.rebase(Duration.ofSeconds(60));
    List<EncounterBatch> closed = agg.closeEndedBy(T0.plusSeconds(3600));
    assertEquals(1, closed.size());
    EncounterRecord r = closed.get(0).records().get(0);
    assertEquals(T0.plusSeconds(1800), r.first());
    assertEquals(T0.plusSeconds(1920), r.last());
    assertEquals(2, r.sightings());
    assertEquals(new RssiSummary(-70, -69, -60), r.rssi());
  }

  @Test
  void rebase_backIntoClosedBucket_dropsRecordAndCountsLate() {
    agg.sightId(T0.plusSeconds(10), DeviceKind.GAEN, RPI_A, AEM, -60);
    agg.closeEndedBy(T0.plusSeconds(1800));
    agg.sightId(T0.plusSeconds(1810), DeviceKind.GAEN, RPI_B, AEM, -60);
    agg.sightId(T0.plusSeconds(1811), DeviceKind.GAEN, RPI_B, AEM, -60);
    agg.rebase(Duration.ofMinutes(-10)); // 10:30:10 would be 10:20:10, already published
    assertEquals(0, agg.openBuckets());
    agg.sightId(T0.plusSeconds(1900), DeviceKind.GAEN, RPI_A, AEM, -60);
    EncounterBatch b = agg.closeEndedBy(T0.plusSeconds(3600)).get(0);
    assertEquals(T0.plusSeconds(1800), b.bucket().start());
    assertEquals(1, b.records().size());
    assertEquals(2, b.counts().late());
  }

  @Test
  void lateSync_bucketsHeldAtBootTime_areRebasedToTheRealTime() {
    MutableClock clock = new MutableClock(Instant.parse("1970-01-01T00:00:07Z")); // no RTC: boots at the epoch
    agg.listeningSince(clock.now);
    agg.sightId(clock.advance(5), DeviceKind.GAEN, RPI_A, AEM, -60);
    agg.sightId(clock.advance(60), DeviceKind.GAEN, RPI_A, AEM, -62);
    agg.sightId(clock.advance(3000), DeviceKind.GAEN, RPI_B, AEM, -64); // second bucket, still unsynced
    Duration offset = Duration.between(clock.now, T0.plusSeconds(3072)); // NTP says it is 10:51:12
    agg.rebase(offset);
    List<EncounterBatch> closed = agg.closeEndedBy(T0.plusSeconds(7200));
    assertEquals(List.of(T0, T0.plusSeconds(1800)), closed.stream().map(b -> b.bucket().start()).toList());
    EncounterRecord a = closed.get(0).records().get(0);
    assertEquals(T0.plusSeconds(12), a.first());
    assertEquals(T0.plusSeconds(72), a.last());
    assertTrue(closed.get(0).partial(), "listening started 7 s into the (shifted) bucket");
    assertEquals(T0.plusSeconds(3072), closed.get(1).records().get(0).first());
    assertFalse(closed.get(1).partial());
  }

  @Test
  void sighting_farInTheFuture_isCountedFutureAndOpensNoBucket() {
    agg.sightId(T0, DeviceKind.GAEN, RPI_A, AEM, -60);
    agg.sightId(T0.plus(Duration.ofDays(400)), DeviceKind.GAEN, RPI_B, AEM, -60);
    agg.sightPresence(T0.plus(Duration.ofDays(2)), DeviceKind.APPLE, 1, false);
    agg.sightId(Instant.MAX, DeviceKind.GAEN, RPI_B, AEM, -60);
    assertEquals(1, agg.openBuckets());
    BucketCounts c = agg.closeAllAsPartial().get(0).counts();
    assertEquals(3, c.future());
  }

  @Test
  void sighting_farInThePastOrBefore1970_isCountedLate() {
    agg.sightId(T0, DeviceKind.GAEN, RPI_A, AEM, -60);
    agg.sightId(T0.minus(Duration.ofDays(3)), DeviceKind.GAEN, RPI_B, AEM, -60);
    agg.sightId(Instant.MIN, DeviceKind.GAEN, RPI_B, AEM, -60);
    agg.sightPresence(Instant.parse("1969-12-31T23:59:59Z"), DeviceKind.OTHER, 2, false);
    assertEquals(1, agg.openBuckets());
    assertEquals(3, agg.closeAllAsPartial().get(0).counts().late());
  }

  @Test
  void clockStepBackwardWithinOpenBuckets_sightingsLandWhereTheirTimeSays() {
    MutableClock clock = new MutableClock(T0.plusSeconds(1790));
    agg.sightId(clock.now, DeviceKind.GAEN, RPI_A, AEM, -60);
    agg.sightId(clock.advance(20), DeviceKind.GAEN, RPI_A, AEM, -60); // 10:30:10
    agg.sightId(clock.advance(-600), DeviceKind.GAEN, RPI_A, AEM, -60); // stepped back to 10:20:10
    List<EncounterBatch> closed = agg.closeEndedBy(T0.plusSeconds(3600));
    assertEquals(2, closed.size());
    EncounterRecord first = closed.get(0).records().get(0);
    assertEquals(T0.plusSeconds(1210), first.first());
    assertEquals(T0.plusSeconds(1790), first.last());
  }

  @Test
  void rebase_absurdOffset_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> agg.rebase(Duration.ofDays(366L * 200)));
  }

  static Stream<Long> seeds() {
    long base = Long.getLong("test.seed", 20261204L);
    return LongStream.range(0, 40).mapToObj(i -> base + i);
  }

  /** Random steps forwards and backwards, random re-bases: no crash, no bad record, no overlap. */
  @ParameterizedTest
  @MethodSource("seeds")
  void randomStepsAndRebases_neverNegativeDurationsOverlapsOrCrash(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    MutableClock clock = new MutableClock(T0);
    List<EncounterBatch> out = new ArrayList<>();
    byte[][] ids = new byte[20][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = new byte[16];
      ids[i][0] = (byte) i;
    }
    for (int step = 0; step < 400; step++) {
      int what = rnd.nextInt(100);
      if (what < 80) {
        clock.advance(rnd.nextInt(-5, 60));
        agg.sightId(clock.now, DeviceKind.GAEN, ids[rnd.nextInt(ids.length)], AEM, -40 - rnd.nextInt(60));
      } else if (what < 88) {
        clock.advance(rnd.nextLong(-7200, 7200)); // a step
      } else if (what < 94) {
        agg.rebase(Duration.ofSeconds(rnd.nextLong(-5400, 5400)));
      } else if (what < 97) {
        out.addAll(agg.closeEndedBy(clock.now));
      } else {
        agg.sightId(clock.now.plus(Duration.ofDays(rnd.nextInt(-900, 900))), DeviceKind.GAEN, ids[0], AEM, -60);
      }
    }
    out.addAll(agg.closeAllAsPartial());
    Set<Instant> starts = new HashSet<>();
    for (EncounterBatch b : out) {
      assertTrue(starts.add(b.bucket().start()), "seed " + seed + ": bucket published twice " + b.bucket());
      for (EncounterRecord r : b.records()) {
        assertFalse(r.last().isBefore(r.first()), "seed " + seed);
        assertTrue(b.bucket().contains(r.first()) && b.bucket().contains(r.last()), "seed " + seed + ": " + r);
      }
    }
  }
}
