package org.proximity.gateway.bucket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.proximity.contract.payload.BucketCounts;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.EncounterBatch;
import org.proximity.contract.payload.EncounterRecord;
import org.proximity.contract.payload.RssiSummary;
import org.proximity.gateway.ad.DeviceKind;

/** Records, the scan-window rule, partial buckets and bounded memory. */
class EncounterRecordsTest {
  private static final Instant T0 = Instant.parse("2024-10-04T10:00:00Z");
  private static final byte[] RPI = HexFormat.of().parseHex("8be6cd371c5c891604bfbe49df845096");
  private static final byte[] BZ = HexFormat.of().parseHex("0102030405060708090a0b0c");
  private static final byte[] AEM = HexFormat.of().parseHex("72033874");

  private static EncounterAggregator aggregator(int maxIds, int maxAddresses) {
    return new EncounterAggregator(
        BucketWidth.DEFAULT, TestKeys::forDay, new EncounterAggregator.Limits(maxIds, maxAddresses));
  }

  private final EncounterAggregator agg = aggregator(50_000, 50_000);

  @Test
  void sightId_duplicatesInOneSecond_countedInSightingsButOnceInRssi() {
    agg.sightId(T0.plusSeconds(10), DeviceKind.GAEN, RPI, AEM, -60);
    agg.sightId(T0.plusMillis(10_300), DeviceKind.GAEN, RPI, AEM, -40); // same second: channel 38
    agg.sightId(T0.plusMillis(10_900), DeviceKind.GAEN, RPI, AEM, -95); // same second: channel 39
    agg.sightId(T0.plusSeconds(11), DeviceKind.GAEN, RPI, AEM, -70);
    EncounterRecord r = agg.closeAllAsPartial().get(0).records().get(0);
    assertEquals(4, r.sightings());
    assertEquals(-70, r.rssi().min());
    assertEquals(-60, r.rssi().max());
    assertEquals(T0.plusSeconds(10), r.first());
    assertEquals(T0.plusSeconds(11), r.last());
  }

  @Test
  void sightId_outOfOrder_keepsFirstBeforeLast() {
    agg.sightId(T0.plusSeconds(1200), DeviceKind.GAEN, RPI, AEM, -60);
    agg.sightId(T0.plusSeconds(300), DeviceKind.GAEN, RPI, AEM, -62);
    agg.sightId(T0.plusSeconds(900), DeviceKind.GAEN, RPI, AEM, -64);
    EncounterRecord r = agg.closeEndedBy(T0.plusSeconds(1800)).get(0).records().get(0);
    assertEquals(T0.plusSeconds(300), r.first());
    assertEquals(T0.plusSeconds(1200), r.last());
    assertEquals(3, r.sightings());
    assertEquals(new RssiSummary(-64, -61, -60), r.rssi()); // -62 lies in bin [-62, -60), centre -61
  }

  @Test
  void sightId_bluezoneTwelveBytes_hashedOverExactlyItsBytesAndNoAem() {
    agg.sightId(T0, DeviceKind.BLUEZONE, BZ, null, -70);
    byte[] gaenSamePrefix = Arrays.copyOf(BZ, 16);
    agg.sightId(T0, DeviceKind.GAEN, gaenSamePrefix, AEM, -70);
    List<EncounterRecord> records = agg.closeAllAsPartial().get(0).records();
    assertEquals(2, records.size());
    EncounterRecord bz = records.stream().filter(r -> r.kind().equals("bluezone")).findFirst().orElseThrow();
    assertArrayEquals(TestKeys.forDay(T0.getEpochSecond() / 86_400).recordId("bluezone", BZ),
        HexFormat.of().parseHex(bz.id()));
    assertEquals(null, bz.aem());
    EncounterRecord gaen = records.stream().filter(r -> r.kind().equals("gaen")).findFirst().orElseThrow();
    assertEquals(HexFormat.of().formatHex(TestKeys.forDay(T0.getEpochSecond() / 86_400).sealAem(gaenSamePrefix, AEM)),
        gaen.aem());
  }

  @Test
  void listeningSince_afterBucketStart_marksOnlyThatBucketPartial() {
    agg.listeningSince(T0.plusSeconds(600));
    agg.sightId(T0.plusSeconds(601), DeviceKind.GAEN, RPI, AEM, -60);
    agg.sightId(T0.plusSeconds(1801), DeviceKind.GAEN, RPI, AEM, -60);
    List<EncounterBatch> closed = agg.closeEndedBy(T0.plusSeconds(3600));
    assertTrue(closed.get(0).partial());
    assertFalse(closed.get(1).partial());
  }

  @Test
  void listeningSince_onBucketStart_isNotPartial() {
    agg.listeningSince(T0);
    agg.sightId(T0.plusSeconds(1), DeviceKind.GAEN, RPI, AEM, -60);
    assertFalse(agg.closeEndedBy(T0.plusSeconds(1800)).get(0).partial());
  }

  @Test
  void sightPresence_beyondAddressCap_countsOverflowAndKeepsExactCountBelow() {
    EncounterAggregator small = aggregator(10, 3);
    for (long a = 1; a <= 5; a++) {
      small.sightPresence(T0, DeviceKind.APPLE, a, false);
      small.sightPresence(T0, DeviceKind.APPLE, a, false);
    }
    BucketCounts c = small.closeAllAsPartial().get(0).counts();
    assertEquals(3, c.distinct().get("apple"));
    assertEquals(4, c.overflow()); // addresses 4 and 5, twice each
    assertEquals(10L, c.advertisements().get("apple"));
  }

  @Test
  void sightPresence_sameAddressDifferentKinds_countedPerKind() {
    agg.sightPresence(T0, DeviceKind.APPLE, 0xA1L, false);
    agg.sightPresence(T0, DeviceKind.BLUEZONE_IOS, 0xA1L, false);
    BucketCounts c = agg.closeAllAsPartial().get(0).counts();
    assertEquals(1, c.distinct().get("apple"));
    assertEquals(1, c.distinct().get("bluezone_ios"));
  }

  @Test
  void sightId_100000DistinctIdsInOneBucket_allPublishedWithin128BytesPerId() {
    int n = 100_000;
    EncounterAggregator big = aggregator(n, 1_000);
    ByteBuffer id = ByteBuffer.allocate(16);
    for (int i = 0; i < n; i++) {
      big.sightId(T0.plusSeconds(i % 1800), DeviceKind.GAEN, rpi(id, i), AEM, -50 - i % 50);
    }
    for (int i = 0; i < n; i += 7) {
      big.sightId(T0.plusSeconds(1799), DeviceKind.GAEN, rpi(id, i), AEM, -60);
    }
    big.sightId(T0, DeviceKind.GAEN, rpi(id, n), AEM, -60); // one past the cap
    assertEquals(n, big.trackedIds());
    double perId = (double) big.retainedBytes() / n;
    assertTrue(perId <= 128, "retained bytes per ID: " + perId);
    EncounterBatch b = big.closeAllAsPartial().get(0);
    assertEquals(n, b.records().size());
    assertEquals(1, b.counts().overflow());
    assertEquals(n + (n + 6) / 7, b.records().stream().mapToInt(EncounterRecord::sightings).sum());
    assertEquals(0, big.trackedIds());
    assertTrue(big.retainedBytes() == 0, "nothing held after close");
  }

  private static byte[] rpi(ByteBuffer buf, int i) {
    buf.clear();
    buf.putLong(0x9E3779B97F4A7C15L * (i + 1)).putLong(i);
    return buf.array().clone();
  }
}
