package org.proximity.gateway.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.ClockState;
import org.proximity.contract.payload.EncounterBatch;
import org.proximity.contract.payload.EncounterRecord;
import org.proximity.contract.rollingid.SiteRootKey;
import org.proximity.gateway.bucket.EncounterAggregator;
import org.proximity.gateway.clock.MonotonicClock;
import org.proximity.gateway.radio.AddressType;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.BluetoothAddress;

/** A Pi that boots in 1970 and syncs later, and clocks that step, through the real pipeline thread. */
class PipelineClockTest {
  private static final byte[] GAEN = HexFormat.of().parseHex("03036ffd17166ffd" + "8be6cd371c5c891604bfbe49df845096" + "72033874");
  private volatile Instant wall = Instant.parse("1970-01-01T00:00:30Z");
  private volatile ClockState state = new ClockState(false, "none");
  private final List<EncounterBatch> batches = new CopyOnWriteArrayList<>();
  private final InstantSource wallClock = () -> wall;
  private volatile long nanos;

  private EncounterPipeline core() {
    return new EncounterPipeline(
        new EncounterAggregator(new BucketWidth(10), RatchetingKeys.fromRoot(SiteRootKey.parseHex("11".repeat(32))),
            EncounterAggregator.Limits.DEFAULT),
        batches::add, () -> state);
  }

  /** With the real monotonic clock: the wall clock alone is moved, as by NTP. */
  private Pipeline pipeline(Duration maxHold) {
    return Pipeline.forRadio(core(), wallClock, MonotonicClock.system(), Duration.ZERO, 1024, () -> state, maxHold);
  }

  private static Advertisement advert() {
    // the pipeline places reports itself: the source's own timestamp must not matter
    return new Advertisement(Instant.EPOCH, new BluetoothAddress(0x5A1122334455L), AddressType.RANDOM, -60, GAEN);
  }

  @Test
  void aRadioPipeline_closesCleanly_startedOrNot_andWokenFromItsWait() {
    // a stop signal can arrive before the service started its threads
    pipeline(Duration.ZERO).close();

    state = new ClockState(true, "chrony");
    Pipeline p = pipeline(Duration.ZERO);
    p.start();
    p.accept(advert());
    await().atMost(Duration.ofSeconds(10)).until(() -> p.processed() == 1);
    p.close();
    assertEquals(0, p.stats().internalErrors(), "the wake-up entry is no report");
    assertEquals(0, p.dropped());
    assertEquals(1, batches.size(), "the open bucket, closed as partial");
  }

  @Test
  void bootIn1970ThenSync_holdsBucketsAndPublishesThemOnTheSyncedTimeLine() {
    Pipeline p = pipeline(Duration.ofHours(6));
    p.start();
    p.accept(advert());
    p.accept(advert());
    await().atMost(Duration.ofSeconds(10)).until(() -> p.processed() == 2);
    wall = wall.plus(Duration.ofHours(1)); // still unsynced: an hour passes, buckets would have closed
    p.accept(advert());
    await().atMost(Duration.ofSeconds(10)).until(() -> p.processed() == 3);
    assertTrue(batches.isEmpty(), "nothing published while the clock is unsynchronised");

    Instant synced = Instant.parse("2026-11-29T10:04:00Z");
    state = new ClockState(true, "chrony");
    wall = synced;
    await().atMost(Duration.ofSeconds(10)).until(() -> p.stats().clockSteps() >= 1);
    p.accept(advert());
    await().atMost(Duration.ofSeconds(10)).until(() -> p.processed() == 4);
    p.close();

    assertFalse(batches.isEmpty());
    for (EncounterBatch b : batches) {
      assertTrue(b.bucket().start().isAfter(Instant.parse("2026-01-01T00:00:00Z")), "placed after sync: " + b.bucket());
      assertTrue(b.clock().synced());
      for (EncounterRecord r : b.records()) {
        assertFalse(r.last().isBefore(r.first()), "no negative duration");
        assertTrue(b.bucket().contains(r.first()) && !r.last().isAfter(b.bucket().end()), "record inside its bucket");
      }
    }
    long sightings = batches.stream().flatMap(b -> b.records().stream()).mapToLong(EncounterRecord::sightings).sum();
    assertEquals(4, sightings, "every report placed somewhere");
  }

  @Test
  void neverSynced_publishesAfterMaxHoldMarkedUnsynced() {
    wall = Instant.parse("1970-01-01T00:09:58.500Z");
    Pipeline p = pipeline(Duration.ZERO);
    p.start();
    p.accept(advert());
    await().atMost(Duration.ofSeconds(10)).until(() -> p.processed() == 1);
    // the clock moves on by less than a step: the bucket [00:00, 00:10) ends
    wall = Instant.parse("1970-01-01T00:10:00Z");
    await().atMost(Duration.ofSeconds(10)).until(() -> !batches.isEmpty());
    p.close();
    assertFalse(batches.get(0).clock().synced());
    assertEquals("none", batches.get(0).clock().source());
  }

  @Test
  void neverSynced_holdsBucketsForMaxHoldOfMonotonicTime_thenPublishesThemMarkedUnsynced() {
    Pipeline p = Pipeline.forRadio(core(), wallClock, () -> nanos, Duration.ZERO, 1024, () -> state, Duration.ofHours(6));
    p.start();
    p.accept(advert());
    await().atMost(Duration.ofSeconds(10)).until(() -> p.processed() == 1);
    // five hours on both clocks: the bucket has long ended, but the hold has an hour to go
    nanos += Duration.ofHours(5).toNanos();
    wall = wall.plus(Duration.ofHours(5));
    long passes = p.passes();
    await().atMost(Duration.ofSeconds(10)).until(() -> p.passes() >= passes + 3);
    assertTrue(batches.isEmpty(), "held: less than maxHold has passed on the monotonic clock");
    nanos += Duration.ofHours(1).toNanos();
    wall = wall.plus(Duration.ofHours(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> !batches.isEmpty());
    p.close();
    assertEquals(0, p.stats().clockSteps(), "both clocks moved together: no step");
    assertFalse(batches.get(0).clock().synced());
  }

  @Test
  void syncedClockStepsBackward_noOverlapNoNegativeDurationNoCrash() {
    state = new ClockState(true, "systemd-timesyncd");
    wall = Instant.parse("2026-11-29T10:05:00Z");
    Pipeline p = pipeline(Duration.ofHours(6));
    p.start();
    p.accept(advert());
    await().atMost(Duration.ofSeconds(10)).until(() -> p.processed() == 1);
    wall = wall.minus(Duration.ofMinutes(30));
    await().atMost(Duration.ofSeconds(10)).until(() -> p.stats().clockSteps() >= 1);
    p.accept(advert());
    await().atMost(Duration.ofSeconds(10)).until(() -> p.processed() == 2);
    p.close();
    Instant previousEnd = Instant.MIN;
    for (EncounterBatch b : batches) {
      assertFalse(b.bucket().start().isBefore(previousEnd), "buckets do not overlap");
      previousEnd = b.bucket().end();
      for (EncounterRecord r : b.records()) {
        assertFalse(r.last().isBefore(r.first()));
      }
    }
    long sightings = batches.stream().flatMap(b -> b.records().stream()).mapToLong(EncounterRecord::sightings).sum();
    long late = batches.stream().mapToLong(b -> b.counts().late()).sum();
    assertEquals(2, sightings + late, "every report is either placed or counted late");
  }
}
