package org.proximity.gateway.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.ClockState;
import org.proximity.contract.payload.EncounterBatch;
import org.proximity.contract.rollingid.SiteRootKey;
import org.proximity.gateway.bucket.EncounterAggregator;
import org.proximity.gateway.bucket.HashingKey;
import org.proximity.gateway.clock.MonotonicClock;
import org.proximity.gateway.radio.AddressType;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.BluetoothAddress;
import org.proximity.gateway.radio.ReportBlock;
import org.proximity.gateway.radio.hci.HciAdvertisingReport;
import org.proximity.gateway.radio.replay.CaptureFormat;
import org.proximity.gateway.radio.replay.CaptureReplay;
import org.proximity.gateway.radio.replay.PcapWriter;
import org.proximity.gateway.radio.replay.ReplayAdvertisementSource;

/**
 * Replay in blocks. {@code replay --out} reads a capture in blocks, yet a bucket closes exactly when
 * it would one report at a time: once capture time passes its end, even for a bucket that a report
 * out of order opened after later ones had closed. The service's replay source stops cleanly in the
 * middle of a hand-over.
 */
class CaptureReplayRunTest {
  private static final BucketWidth WIDTH = new BucketWidth(10);
  private static final HashingKey.ForDay KEYS = RatchetingKeys.fromRoot(SiteRootKey.parseHex("3c".repeat(32)));
  private static final Instant T = Instant.parse("2026-12-04T07:00:00Z");

  /** Mostly in order, with reports up to 25 minutes behind: they open, join or miss earlier buckets. */
  private static byte[] station(int reports, long seed) throws Exception {
    Random random = new Random(seed);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    try (PcapWriter w = new PcapWriter(file)) {
      Instant at = T;
      for (int i = 0; i < reports; i++) {
        at = at.plusMillis(random.nextInt(1_200));
        Instant stamped = random.nextInt(100) < 2 ? at.minusSeconds(random.nextInt(25 * 60)) : at;
        int phone = random.nextInt(300);
        byte[] rpiAndAem = new byte[20];
        new Random(phone).nextBytes(rpiAndAem);
        w.writeReport(stamped, HciAdvertisingReport.legacy(HciAdvertisingReport.ADV_NONCONN_IND, AddressType.RANDOM,
            new BluetoothAddress(0x4A0000000000L + phone), -90 + random.nextInt(50),
            HexFormat.of().parseHex("03036ffd17166ffd" + HexFormat.of().formatHex(rpiAndAem))));
      }
    }
    return file.toByteArray();
  }

  /** What the run did before blocks: each report, then a close whenever capture time moved on. */
  private static List<EncounterBatch> oneByOne(byte[] file) throws Exception {
    List<EncounterBatch> batches = new ArrayList<>();
    EncounterPipeline p = new EncounterPipeline(new EncounterAggregator(WIDTH, KEYS, EncounterAggregator.Limits.DEFAULT),
        batches::add, () -> ClockState.CAPTURE);
    p.listeningFromFirstReport();
    Instant[] captureTime = {Instant.MIN};
    CaptureReplay.of(new ByteArrayInputStream(file), CaptureFormat.PCAP).run((Advertisement a) -> {
      p.process(a);
      if (a.receivedAt().isAfter(captureTime[0])) {
        captureTime[0] = a.receivedAt();
        p.closeEndedBy(captureTime[0]);
      }
    });
    p.closeAllAsPartial();
    return batches;
  }

  /** One report of its own phone at each of {@code minutes} after {@link #T}. */
  private static byte[] capture(double... minutes) throws Exception {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    try (PcapWriter w = new PcapWriter(file)) {
      for (int i = 0; i < minutes.length; i++) {
        byte[] rpiAndAem = new byte[20];
        rpiAndAem[0] = (byte) i;
        w.writeReport(T.plusMillis(Math.round(minutes[i] * 60_000)), HciAdvertisingReport.legacy(
            HciAdvertisingReport.ADV_NONCONN_IND, AddressType.RANDOM, new BluetoothAddress(0x4B0000000000L + i), -60,
            HexFormat.of().parseHex("03036ffd17166ffd" + HexFormat.of().formatHex(rpiAndAem))));
      }
    }
    return file.toByteArray();
  }

  /**
   * By hand: a report on a bucket's first second closes the bucket before; reports behind capture
   * time are late once their bucket closed, or open a bucket that was skipped (07:30), which closes
   * at the next newer report, not at one of the same time.
   */
  @Test
  void blocks_boundariesAndReportsBehind() throws Exception {
    byte[] file = capture(0, 10, 5, 20.01, 15, 45, 35, 45, 45.002, 36);
    List<EncounterBatch> got = new ArrayList<>();
    new CaptureReplayRun(new ByteArrayInputStream(file), CaptureFormat.PCAP, WIDTH, KEYS, got::add).run();
    assertEquals(oneByOne(file), got);
    assertEquals(List.of(0, 10, 20, 30, 40), got.stream().map(b -> (int) (b.bucket().start().getEpochSecond()
        - T.getEpochSecond()) / 60).toList());
    assertEquals(List.of(1, 1, 1, 1, 3), got.stream().map(b -> b.records().size()).toList());
    assertEquals(3, got.stream().mapToLong(b -> b.counts().late()).sum(), "07:05, 07:15 and 07:36");
  }

  /**
   * A replay closed while its source waits for room in the pipeline's queue: the block it was
   * handing over is counted dropped (and released), the one queued is still processed, and nothing
   * else is handed over.
   */
  @Test
  void replaySource_closedWhileWaitingForRoom_dropsOnlyTheBlockInHand(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("station.pcap");
    Files.write(file, station(3_000, 4));
    EncounterPipeline core = new EncounterPipeline(new EncounterAggregator(WIDTH, KEYS, EncounterAggregator.Limits.DEFAULT),
        b -> { });
    // room for one block, and never started: the second block waits
    Pipeline pipeline = Pipeline.forSourceTime(core, new SourceTime(), MonotonicClock.system(), Duration.ZERO,
        ReportBlock.CAPACITY);
    ReplayAdvertisementSource source = new ReplayAdvertisementSource(file, CaptureFormat.PCAP, 0);
    source.start(pipeline);
    await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.received() == 2L * ReportBlock.CAPACITY);
    source.close();
    assertTrue(source.isExhausted());
    assertTrue(source.fault().isEmpty());
    assertEquals(2L * ReportBlock.CAPACITY, source.delivered());
    assertEquals(ReportBlock.CAPACITY, pipeline.dropped());
    assertEquals(ReportBlock.CAPACITY, pipeline.queueDepth());
    pipeline.close();
    assertEquals(ReportBlock.CAPACITY, pipeline.processed());
    assertEquals(ReportBlock.CAPACITY, core.advertisements());
  }

  @Test
  void blocks_closeBucketsExactlyAsOneReportAtATime() throws Exception {
    for (long seed = 1; seed <= 3; seed++) {
      byte[] file = station(30_000, seed);
      List<EncounterBatch> expected = oneByOne(file);
      List<EncounterBatch> got = new ArrayList<>();
      CaptureReplayRun.Summary summary =
          new CaptureReplayRun(new ByteArrayInputStream(file), CaptureFormat.PCAP, WIDTH, KEYS, got::add).run();
      assertEquals(30_000, summary.advertisements());
      assertTrue(expected.size() >= 10, "buckets: " + expected.size());
      assertTrue(expected.stream().anyMatch(b -> b.counts().late() > 0), "some reports came after their bucket closed");
      assertEquals(expected, got, "seed " + seed);
    }
  }
}
