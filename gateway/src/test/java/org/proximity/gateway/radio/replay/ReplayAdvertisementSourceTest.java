package org.proximity.gateway.radio.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.AdvertisementSource;
import org.proximity.gateway.radio.ReportBlock;

class ReplayAdvertisementSourceTest {

  @Test
  void start_asFastAsPossible_deliversEveryAdvertisementOnReplayThread() throws Exception {
    List<Advertisement> got = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    try (ReplayAdvertisementSource source = new ReplayAdvertisementSource(
        Captures.ADV37, CaptureFormat.PCAP, ReplayAdvertisementSource.AS_FAST_AS_POSSIBLE)) {
      source.start(a -> {
        got.add(a);
        threads.add(Thread.currentThread().getName());
      });
      assertTrue(source.awaitEnd(Duration.ofSeconds(30)));
      assertTrue(source.isExhausted());
      assertTrue(source.fault().isEmpty());
    }
    assertEquals(127, got.size()); // 77 advertising-channel frames fail CRC-24 and are skipped
    assertTrue(threads.stream().allMatch(ReplayAdvertisementSource.THREAD_NAME::equals));
  }

  @Test
  void start_truncatedFile_deliversWhatCameBeforeAndReportsWhere(@TempDir Path dir) throws Exception {
    Path cut = dir.resolve("cut.pcap");
    Files.write(cut, Arrays.copyOf(Captures.bytes(Captures.ANU), 150 + 16 + 10));
    List<Advertisement> got = new CopyOnWriteArrayList<>();
    try (ReplayAdvertisementSource source = new ReplayAdvertisementSource(cut, CaptureFormat.PCAP, 0)) {
      source.start(got::add);
      assertTrue(source.awaitEnd(Duration.ofSeconds(30)));
      assertEquals(2, got.size());
      assertTrue(source.fault().orElseThrow().endsWith("frame 3 at byte 166: truncated record data: needs 47 bytes, only 10 left"),
          source.fault().orElseThrow());
    }
  }

  /** New blocks where the pipeline has a core of its own; on one processor, the one just released again. */
  @Test
  void blocks_newOnManyProcessors_reusedOnOne() {
    Supplier<ReportBlock> many = ReplayAdvertisementSource.blocks(4);
    ReportBlock a = many.get();
    a.release();
    assertNotSame(a, many.get());
    Supplier<ReportBlock> one = ReplayAdvertisementSource.blocks(1);
    ReportBlock b = one.get();
    b.release();
    assertSame(b, one.get());
  }

  @Test
  void close_duringPacedReplay_stopsBeforeTheEnd() throws Exception {
    // adv37 spans 16.5 s of capture time in order: at real time it cannot end before close returns
    List<Advertisement> got = new CopyOnWriteArrayList<>();
    ReplayAdvertisementSource source = new ReplayAdvertisementSource(Captures.ADV37, CaptureFormat.PCAP, 1.0);
    source.start(got::add);
    source.close();
    assertTrue(source.isExhausted());
    assertTrue(got.size() < 127, "delivered " + got.size());
    assertTrue(source.fault().isEmpty());
  }

  @Test
  void start_missingFile_sourceException(@TempDir Path dir) {
    ReplayAdvertisementSource source = new ReplayAdvertisementSource(dir.resolve("none.pcap"), CaptureFormat.PCAP, 0);
    assertThrows(AdvertisementSource.SourceException.class, () -> source.start(a -> { }));
    assertThrows(IllegalArgumentException.class, () -> new ReplayAdvertisementSource(Captures.ANU, CaptureFormat.PCAP, -1));
  }
}
