package org.proximity.gateway.radio.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.ReportBlock;
import org.proximity.gateway.radio.hci.HciReportSink;

/** A capture read into {@link ReportBlock}s gives exactly the advertisements read one by one. */
class CaptureReplayBlocksTest {

  private record Blocks(List<Advertisement> ads, List<Integer> sizes, Set<ReportBlock> distinct) {}

  /** The advertisements made frame by frame through the parser's objects, with no block involved. */
  private static List<Advertisement> objects(byte[] file, CaptureFormat format) throws Exception {
    List<Advertisement> ads = new ArrayList<>();
    CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(file), format);
    FrameDecoder decoder = new FrameDecoder();
    for (CaptureFrame f; (f = reader.next()) != null; ) {
      Instant time = f.time();
      decoder.decode(f, HciReportSink.of(r -> ads.add(r.toAdvertisement(time))));
    }
    return ads;
  }

  private static Blocks blocks(CaptureReplay replay) throws Exception {
    Blocks b = new Blocks(new ArrayList<>(), new ArrayList<>(), Collections.newSetFromMap(new IdentityHashMap<>()));
    replay.run(new ReportBlock.Pool()::take, block -> {
      b.distinct().add(block);
      b.sizes().add(block.size());
      for (int i = 0; i < block.size(); i++) {
        b.ads().add(block.advertisement(i));
      }
      block.release();
    });
    return b;
  }

  @Test
  void everyFormatAndLinkType_sameAdvertisementsAsOneByOne_inFullBlocksFromOnePool() throws Exception {
    ByteArrayOutputStream five = new ByteArrayOutputStream();
    for (int i = 0; i < 5; i++) {
      five.write(Captures.bytes(Captures.ALL_ADV));
    }
    byte[] ll = HexFormat.of().parseHex("25c5000000000000" + "0300" + "d6be898e" + "4209" + "a1a2a3a4a5a6" + "020106" + "031a5c");
    List<byte[]> files = List.of(Captures.bytes(Captures.SHORT), five.toByteArray(), Captures.anuBtsnoop(1001),
        Captures.anuBtsnoop(1002), Captures.anuBtsnoop(2001), CaptureReaderTest.pcap256(ll, ll, ll));
    List<CaptureFormat> formats = List.of(CaptureFormat.PCAP, CaptureFormat.PCAPNG, CaptureFormat.BTSNOOP,
        CaptureFormat.BTSNOOP, CaptureFormat.BTSNOOP, CaptureFormat.PCAP);
    for (int f = 0; f < files.size(); f++) {
      List<Advertisement> expected = objects(files.get(f), formats.get(f));
      CaptureReplay replay = CaptureReplay.of(new ByteArrayInputStream(files.get(f)), formats.get(f));
      Blocks got = blocks(replay);
      assertTrue(expected.size() >= 3, "file " + f);
      assertEquals(expected, got.ads(), "file " + f);
      assertEquals(expected.size(), replay.advertisements(), "file " + f);
      List<Integer> sizes = got.sizes();
      for (int i = 0; i < sizes.size() - 1; i++) {
        assertEquals(ReportBlock.CAPACITY, sizes.get(i), "file " + f + ": only the last block is not full");
      }
      assertEquals(1, got.distinct().size(), "file " + f + ": a released block is taken again");
    }
  }

  @Test
  void aFault_deliversTheReportsBeforeIt_thenThrows() throws Exception {
    byte[] cut = Arrays.copyOf(Captures.bytes(Captures.ANU), 150 + 16 + 10); // frame 3 of 6 cut short
    List<Advertisement> ads = new ArrayList<>();
    CaptureReplay replay = CaptureReplay.of(new ByteArrayInputStream(cut), CaptureFormat.PCAP);
    CaptureFault f = assertThrows(CaptureFault.class, () -> replay.run(ReportBlock::new, block -> {
      for (int i = 0; i < block.size(); i++) {
        ads.add(block.advertisement(i));
      }
      block.release();
    }));
    assertEquals(3, f.frame());
    assertEquals(objects(Captures.bytes(Captures.ANU), CaptureFormat.PCAP).subList(0, 2), ads);
  }
}
