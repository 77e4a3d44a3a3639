package org.proximity.gateway.bucket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.EncounterBatch;
import org.proximity.gateway.ad.DeviceKind;

class UnhashableBucketTest {
  private static final byte[] RPI = HexFormat.of().parseHex("8be6cd371c5c891604bfbe49df845096");

  @Test
  void closeEndedBy_bucketOfADayWhoseKeyIsGone_isDroppedAndCountedWithoutLosingTheOthers() {
    long keyDay = 20001;
    HashingKey.ForDay keys = day -> {
      if (day < keyDay) {
        throw new IllegalStateException("the ratchet cannot go back");
      }
      return new HashingKey() {
        @Override
        public String keyId() {
          return "0000000a";
        }

        @Override
        public byte[] recordId(String kind, byte[] rawId) {
          return new byte[16];
        }

        @Override
        public byte[] sealAem(byte[] rpi, byte[] aem) {
          return new byte[4];
        }
      };
    };
    EncounterAggregator agg = new EncounterAggregator(BucketWidth.DEFAULT, keys, EncounterAggregator.Limits.DEFAULT);
    agg.sightId(Instant.parse("2024-10-04T23:40:00Z"), DeviceKind.GAEN, RPI, null, -60); // day 20000
    agg.sightId(Instant.parse("2024-10-05T00:10:00Z"), DeviceKind.GAEN, RPI, null, -60); // day 20001
    List<EncounterBatch> closed = agg.closeEndedBy(Instant.parse("2024-10-05T01:00:00Z"));
    assertEquals(1, closed.size());
    assertEquals(Instant.parse("2024-10-05T00:00:00Z"), closed.get(0).bucket().start());
    assertEquals(1, agg.unhashableBuckets());
    assertEquals(0, agg.trackedIds());
  }
}
