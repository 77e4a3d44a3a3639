package org.proximity.gateway.app;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.CrowdMinute;
import org.proximity.contract.payload.EncounterBatch;
import org.proximity.contract.rollingid.SiteRootKey;
import org.proximity.gateway.ad.AdFault;
import org.proximity.gateway.ad.DeviceKind;
import org.proximity.gateway.bucket.EncounterAggregator;
import org.proximity.gateway.radio.AddressType;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.BluetoothAddress;
import org.proximity.gateway.radio.ReportBlock;
import org.proximity.gateway.radio.hci.HciAdvertisingReport;
import org.proximity.gateway.radio.hci.HciEventParser;

class EncounterPipelineTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Instant T = Instant.parse("2024-10-04T09:50:00Z");
  /** 44 bytes: a 16-byte name, then real GAEN service data (ANU 2020): legal only in an extended PDU. */
  private static final byte[] LONG_GAEN = HEX.parseHex("1109" + "41".repeat(16)
      + "03036ffd" + "17166ffd12ec68a558f69b3e332d303c222d6574f666f99a");

  private static EncounterPipeline pipeline() {
    return new EncounterPipeline(new EncounterAggregator(new BucketWidth(30),
        RatchetingKeys.fromRoot(SiteRootKey.parseHex("00".repeat(31) + "2a")), EncounterAggregator.Limits.DEFAULT),
        b -> { });
  }

  private static Advertisement ad(byte[] data, boolean extended) {
    return new Advertisement(T, new BluetoothAddress(1), AddressType.RANDOM, -60, data, extended);
  }

  /**
   * {@link EncounterPipeline#processRun} and {@link EncounterPipeline#processBlock} have exactly the
   * effect of {@link EncounterPipeline#process} on each report in turn: the same batches, crowd
   * minutes and counts, with GAEN phones (AEMs), other devices, malformed data, and reports out of
   * order across a bucket's end. Blocks are filled and processed in pieces, as the pipeline does.
   */
  @Test
  void processRunAndBlock_sameAsOneByOne() {
    Random random = new Random(20261203);
    byte[][] data = new byte[3_000][];
    for (int device = 0; device < data.length; device++) {
      byte[] rpiAndAem = new byte[20];
      random.nextBytes(rpiAndAem);
      data[device] = device < 2_400 ? HEX.parseHex("03036ffd17166ffd" + HEX.formatHex(rpiAndAem))
          : device % 2 == 0 ? HEX.parseHex("0201060303aafe") : HEX.parseHex("0201060905aafe"); // presence, malformed
      if (device % 7 == 3) {
        // a name appended: a phone's 40 bytes are legal only in an extended report, too_long in a legacy one
        data[device] = HEX.parseHex(HEX.formatHex(data[device]) + "0b09" + HEX.formatHex("stationabc".getBytes(US_ASCII)));
      }
    }
    List<Advertisement> reports = new ArrayList<>();
    Instant at = T;
    for (int i = 0; i < 60_000; i++) {
      at = at.plusMillis(random.nextInt(130));
      int device = random.nextInt(100) < 30 ? random.nextInt(20) : random.nextInt(data.length);
      Instant stamped = random.nextInt(100) < 3 ? at.minusSeconds(random.nextInt(200)) : at;
      reports.add(new Advertisement(stamped, new BluetoothAddress(0x5A0000000000L + device), AddressType.RANDOM,
          -95 + random.nextInt(60), data[device], data[device].length > 31 && random.nextBoolean()));
    }
    List<EncounterBatch> oneBatches = new ArrayList<>();
    List<CrowdMinute> oneMinutes = new ArrayList<>();
    EncounterPipeline one = pipeline(oneBatches, oneMinutes);
    List<EncounterBatch> runBatches = new ArrayList<>();
    List<CrowdMinute> runMinutes = new ArrayList<>();
    EncounterPipeline runs = pipeline(runBatches, runMinutes);
    List<EncounterBatch> blockBatches = new ArrayList<>();
    List<CrowdMinute> blockMinutes = new ArrayList<>();
    EncounterPipeline blocks = pipeline(blockBatches, blockMinutes);
    ReportBlock block = new ReportBlock();
    Advertisement[] all = reports.toArray(new Advertisement[0]);
    for (int from = 0; from < all.length; ) {
      int to = Math.min(all.length, from + 1 + random.nextInt(600));
      for (int i = from; i < to; i++) {
        one.process(all[i]);
      }
      assertEquals(to - from, runs.processRun(all, from, to, null, e -> {
        throw e;
      }));
      for (int b = from; b < to; b += ReportBlock.CAPACITY) {
        for (int i = b; i < Math.min(to, b + ReportBlock.CAPACITY); i++) {
          block.add(all[i]);
        }
        int cut = random.nextInt(block.size() + 1);
        assertEquals(cut, blocks.processBlock(block, 0, cut, null, e -> {
          throw e;
        }));
        assertEquals(block.size() - cut, blocks.processBlock(block, cut, block.size(), null, e -> {
          throw e;
        }));
        block.release();
      }
      Instant horizon = all[to - 1].receivedAt().minusSeconds(30);
      for (EncounterPipeline p : List.of(one, runs, blocks)) {
        p.closeEndedBy(horizon);
        p.closeMinutesEndedBy(horizon);
      }
      from = to;
    }
    one.closeAllAsPartial();
    runs.closeAllAsPartial();
    blocks.closeAllAsPartial();
    assertTrue(oneBatches.size() >= 4, "buckets: " + oneBatches.size());
    assertTrue(oneMinutes.size() >= 50, "minutes: " + oneMinutes.size());
    assertTrue(one.malformed() > 0);
    assertTrue(one.malformedByReason().containsKey(AdFault.Reason.TOO_LONG), "legacy reports too long");
    assertTrue(reports.stream().anyMatch(Advertisement::extended), "extended reports");
    assertEquals(oneBatches, runBatches);
    assertEquals(oneMinutes, runMinutes);
    assertEquals(one.advertisementsByKind(), runs.advertisementsByKind());
    assertEquals(one.malformedByReason(), runs.malformedByReason());
    assertEquals(one.advertisements(), runs.advertisements());
    assertEquals(oneBatches, blockBatches);
    assertEquals(oneMinutes, blockMinutes);
    assertEquals(one.advertisementsByKind(), blocks.advertisementsByKind());
    assertEquals(one.malformedByReason(), blocks.malformedByReason());
    assertEquals(one.advertisements(), blocks.advertisements());
  }

  private static EncounterPipeline pipeline(List<EncounterBatch> batches, List<CrowdMinute> minutes) {
    EncounterPipeline p = new EncounterPipeline(new EncounterAggregator(new BucketWidth(10),
        RatchetingKeys.fromRoot(SiteRootKey.parseHex("00".repeat(31) + "2a")), EncounterAggregator.Limits.DEFAULT),
        batches::add);
    p.crowdTo(minutes::add);
    return p;
  }

  @Test
  void extendedAdvertisement_over31Bytes_isNotMalformed() {
    EncounterPipeline p = pipeline();
    p.process(ad(LONG_GAEN, true));
    assertEquals(Map.of(DeviceKind.GAEN, 1L), p.advertisementsByKind());
    assertTrue(p.malformedByReason().isEmpty());
  }

  @Test
  void legacyAdvertisement_over31Bytes_isTooLongAt31ButStillClassified() {
    EncounterPipeline p = pipeline();
    p.process(ad(LONG_GAEN, false));
    assertEquals(Map.of(DeviceKind.GAEN, 1L), p.advertisementsByKind());
    assertEquals(Map.of(AdFault.Reason.TOO_LONG, 1L), p.malformedByReason());
  }

  @Test
  void hciExtendedReport_reachesThePipelineAsExtendedUnlessItsPduIsLegacy() {
    String fixedTail = "01" + "a1a2a3a4a5a6" + "010205" + "7f" + "c4" + "0000" + "00" + "000000000000";
    String extendedPdu = "0000" + fixedTail + String.format("%02x", LONG_GAEN.length) + HEX.formatHex(LONG_GAEN);
    String legacyPdu = "1300" + fixedTail + "03020106"; // Event_Type bit 4: legacy PDU
    String reports = extendedPdu + legacyPdu;
    String event = String.format("3e%02x0d02", 2 + reports.length() / 2) + reports;
    byte[] b = HEX.parseHex(event);
    List<HciAdvertisingReport> out = new ArrayList<>();
    assertEquals(2, new HciEventParser().parseEvent(b, 0, b.length, out::add));
    assertTrue(out.get(0).toAdvertisement(T).extended());
    assertFalse(out.get(1).toAdvertisement(T).extended());
    EncounterPipeline p = pipeline();
    p.process(out.get(0).toAdvertisement(T));
    assertTrue(p.malformedByReason().isEmpty());
  }
}
