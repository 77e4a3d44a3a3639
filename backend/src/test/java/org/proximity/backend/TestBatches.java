package org.proximity.backend;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.proximity.contract.payload.BatchCodec;
import org.proximity.contract.payload.BucketCounts;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.ClockState;
import org.proximity.contract.payload.CrowdCodec;
import org.proximity.contract.payload.CrowdMinute;
import org.proximity.contract.payload.EncounterBatch;
import org.proximity.contract.payload.EncounterRecord;
import org.proximity.contract.payload.RssiSummary;
import org.proximity.contract.payload.TimeBucket;

/** Encounters and crowd payloads as a gateway publishes them, made with the contract's codecs. */
public final class TestBatches {
  public static final String PREFIX = "proximity";
  public static final String SITE = "ben-xe-mien-dong";
  public static final String EPOCH = "5f2c91ab";
  public static final Instant BUCKET = Instant.parse("2026-11-29T10:00:00Z");

  private TestBatches() {}

  public static String topic(String gateway, String leaf) {
    return PREFIX + "/" + SITE + "/" + gateway + "/" + leaf;
  }

  /** Message {@code seq} of {@code gateway}: {@code records} distinct records (ids derived from gateway and seq). */
  public static byte[] encounters(String gateway, long seq, int records) {
    List<EncounterRecord> rs = new ArrayList<>(records);
    for (int i = 0; i < records; i++) {
      String id = String.format("%08x%08x%016x", gateway.hashCode(), (int) seq, (long) i);
      boolean gaen = i % 2 == 0;
      rs.add(new EncounterRecord(id, gaen ? "gaen" : "bluezone", BUCKET.plusSeconds(60 + i % 600),
          BUCKET.plusSeconds(700 + i % 600), 1 + i % 50, new RssiSummary(-90, -75, -60), gaen ? "0a0b0c0d" : null));
    }
    BucketCounts counts = new BucketCounts(adverts(10L * records), distinct(records), 0, 0, 0);
    EncounterBatch batch = new EncounterBatch(new TimeBucket(BUCKET, BucketWidth.DEFAULT), "3f9d02aa", rs, counts,
        false, new ClockState(true, "simulated"));
    BatchCodec.Envelope env = new BatchCodec.Envelope(SITE, gateway, EPOCH, seq, 0, 1);
    return new BatchCodec().encode(env, batch, 0, records);
  }

  public static byte[] crowd(String gateway, Instant minute) {
    return new CrowdCodec().encode(SITE, gateway, new CrowdMinute(minute, adverts(12), distinct(3), 0, 0, 0, 0));
  }

  private static Map<String, Long> adverts(long gaen) {
    return Map.of("apple", 40L, "bluetrace", 0L, "bluezone", 5L, "bluezone_ios", 2L, "gaen", gaen, "other", 7L);
  }

  private static Map<String, Integer> distinct(int gaen) {
    return Map.of("apple", 9, "bluetrace", 0, "bluezone", 1, "bluezone_ios", 1, "gaen", gaen, "other", 2);
  }
}
