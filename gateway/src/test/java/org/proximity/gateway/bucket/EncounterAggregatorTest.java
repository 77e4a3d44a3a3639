package org.proximity.gateway.bucket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.proximity.contract.payload.BucketCounts;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.EncounterBatch;
import org.proximity.contract.payload.EncounterRecord;
import org.proximity.contract.payload.RssiSummary;
import org.proximity.gateway.ad.DeviceKind;

class EncounterAggregatorTest {
  private static final Instant T0 = Instant.parse("2024-10-04T10:00:00Z");
  private static final byte[] RPI_A = HexFormat.of().parseHex("8be6cd371c5c891604bfbe49df845096");
  private static final byte[] RPI_B = HexFormat.of().parseHex("3c9a1de5dd6b02afa7fded7b570b3e56");
  private static final byte[] BZ = HexFormat.of().parseHex("0102030405060708090a0b0c");
  private static final byte[] AEM = HexFormat.of().parseHex("72033874");

  private final List<Long> daysAsked = new ArrayList<>();
  private final EncounterAggregator agg =
      new EncounterAggregator(BucketWidth.DEFAULT, this::keyFor, EncounterAggregator.Limits.DEFAULT);

  /** Records which days were asked for; the ids are distinct per day, kind and raw ID. */
  private HashingKey keyFor(long day) {
    daysAsked.add(day);
    return TestKeys.forDay(day);
  }

  @Test
  void closeEndedBy_beforeBucketEnd_keepsBucketOpen() {
    agg.sightId(T0.plusSeconds(5), DeviceKind.GAEN, RPI_A, AEM, -60);
    assertTrue(agg.closeEndedBy(T0.plusSeconds(1799)).isEmpty());
    assertEquals(1, agg.trackedIds());
  }

  @Test
  void closeEndedBy_atBucketEnd_aggregatesPerIdAndForgetsRawIds() {
    agg.sightId(T0.plusSeconds(5), DeviceKind.GAEN, RPI_A, AEM, -60);
    agg.sightId(T0.plusSeconds(65), DeviceKind.GAEN, RPI_A, AEM, -70);
    agg.sightId(T0.plusSeconds(125), DeviceKind.GAEN, RPI_A, AEM, -50);
    agg.sightId(T0.plusSeconds(10), DeviceKind.BLUEZONE, BZ, null, -80);

    List<EncounterBatch> closed = agg.closeEndedBy(T0.plusSeconds(1800));

    assertEquals(1, closed.size());
    EncounterBatch batch = closed.get(0);
    assertEquals(T0, batch.bucket().start());
    assertEquals(String.format("%08x", T0.getEpochSecond() / 86400), batch.keyId());
    assertEquals(2, batch.records().size());
    EncounterRecord gaen = batch.records().stream().filter(r -> r.kind().equals("gaen")).findFirst().orElseThrow();
    assertEquals(T0.plusSeconds(5), gaen.first());
    assertEquals(T0.plusSeconds(125), gaen.last());
    assertEquals(3, gaen.sightings());
    assertEquals(new RssiSummary(-70, -59, -50), gaen.rssi());
    // published sealed under the day's key with the raw RPI, never as broadcast
    assertEquals(HexFormat.of().formatHex(TestKeys.forDay(T0.getEpochSecond() / 86400).sealAem(RPI_A, AEM)), gaen.aem());
    assertNotEquals(HexFormat.of().formatHex(AEM), gaen.aem());
    assertArrayEquals(keyFor(T0.getEpochSecond() / 86400).recordId("gaen", RPI_A), HexFormat.of().parseHex(gaen.id()));
    EncounterRecord bz = batch.records().stream().filter(r -> r.kind().equals("bluezone")).findFirst().orElseThrow();
    assertNull(bz.aem());
    assertEquals(0, agg.trackedIds());
  }

  @Test
  void sightId_sameRawIdInTwoBuckets_givesTwoRecordsAndTwoBatches() {
    agg.sightId(T0.plusSeconds(1790), DeviceKind.GAEN, RPI_A, AEM, -60);
    agg.sightId(T0.plusSeconds(1810), DeviceKind.GAEN, RPI_A, AEM, -60);
    List<EncounterBatch> closed = agg.closeEndedBy(T0.plusSeconds(3600));
    assertEquals(2, closed.size());
    assertEquals(T0, closed.get(0).bucket().start());
    assertEquals(T0.plusSeconds(1800), closed.get(1).bucket().start());
  }

  @Test
  void sightId_bucketsOnTwoDays_hashUnderEachBucketsDay() {
    Instant lastBucketOfDay = Instant.parse("2024-10-04T23:30:00Z");
    agg.sightId(lastBucketOfDay.plusSeconds(1), DeviceKind.GAEN, RPI_A, AEM, -60);
    agg.sightId(lastBucketOfDay.plusSeconds(1801), DeviceKind.GAEN, RPI_A, AEM, -60);
    List<EncounterBatch> closed = agg.closeEndedBy(lastBucketOfDay.plusSeconds(3600));
    assertEquals(List.of(20000L, 20001L), daysAsked);
    assertTrue(!closed.get(0).records().get(0).id().equals(closed.get(1).records().get(0).id()));
  }

  @Test
  void sightId_afterItsBucketClosed_isCountedLateAndDropped() {
    agg.sightId(T0.plusSeconds(5), DeviceKind.GAEN, RPI_A, AEM, -60);
    agg.closeEndedBy(T0.plusSeconds(1800));
    agg.sightId(T0.plusSeconds(6), DeviceKind.GAEN, RPI_B, AEM, -60);
    agg.sightId(T0.plusSeconds(1805), DeviceKind.GAEN, RPI_B, AEM, -60);
    EncounterBatch next = agg.closeEndedBy(T0.plusSeconds(3600)).get(0);
    assertEquals(1, next.counts().late());
    assertEquals(1, next.records().size());
  }

  @Test
  void sightPresence_countsAdvertisementsAndDistinctAddressesPerKind() {
    agg.sightPresence(T0, DeviceKind.APPLE, 0xA1L, false);
    agg.sightPresence(T0, DeviceKind.APPLE, 0xA1L, false);
    agg.sightPresence(T0, DeviceKind.APPLE, 0xA2L, false);
    agg.sightPresence(T0, DeviceKind.OTHER, 0xA3L, true);
    agg.sightId(T0, DeviceKind.GAEN, RPI_A, AEM, -60);
    agg.sightId(T0, DeviceKind.GAEN, RPI_B, AEM, -60);
    BucketCounts c = agg.closeAllAsPartial().get(0).counts();
    assertEquals(3L, c.advertisements().get("apple"));
    assertEquals(1L, c.advertisements().get("other"));
    assertEquals(2L, c.advertisements().get("gaen"));
    assertEquals(2, c.distinct().get("apple"));
    assertEquals(2, c.distinct().get("gaen"));
    assertEquals(0, c.distinct().get("bluezone"));
    assertEquals(1, c.malformed());
  }

  @Test
  void sightId_beyondCap_countsOverflowInsteadOfTracking() {
    EncounterAggregator small =
        new EncounterAggregator(BucketWidth.DEFAULT, this::keyFor, new EncounterAggregator.Limits(1, 1));
    small.sightId(T0, DeviceKind.GAEN, RPI_A, AEM, -60);
    small.sightId(T0, DeviceKind.GAEN, RPI_B, AEM, -60);
    small.sightId(T0, DeviceKind.GAEN, RPI_A, AEM, -60);
    EncounterBatch b = small.closeAllAsPartial().get(0);
    assertEquals(1, b.records().size());
    assertEquals(2, b.records().get(0).sightings());
    assertEquals(1, b.counts().overflow());
    assertTrue(b.partial());
  }

  @Test
  void sightId_otherKind_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> agg.sightId(T0, DeviceKind.APPLE, RPI_A, null, -60));
  }

  @Test
  void bucketWidth_notDividingADay_isRejectedWithTheRule() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BucketWidth(7));
    assertTrue(e.getMessage().contains("divides 1440"), e.getMessage());
    assertTrue(e.getMessage().contains("7"), e.getMessage());
  }
}
