package org.proximity.gateway.publish.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.gateway.publish.OutboundMessage;
import org.proximity.gateway.publish.Outbox;
import org.proximity.gateway.publish.OutboxContractTestBridge;

class FileOutboxTest extends OutboxContractTestBridge {
  @TempDir Path dir;
  private Instant now = T0;
  private long nanos;
  private final InstantSource clock = () -> now;

  private static final FileOutbox.Options EAGER =
      new FileOutbox.Options(1L << 30, Duration.ofDays(14), true, 1L << 20, Duration.ZERO);

  @Override
  protected Outbox newOutboxForContract() throws IOException {
    return FileOutbox.open(dir, EAGER, clock, () -> nanos);
  }

  private FileOutbox open(FileOutbox.Options o) throws IOException {
    return FileOutbox.open(dir, o, clock, () -> nanos);
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("seg-")).sorted().toList();
    }
  }

  @Test
  void reopen_afterCrashWithoutClose_resumesWithTheOldestUnacknowledged() throws IOException {
    FileOutbox first = open(EAGER);
    for (long s = 1; s <= 10; s++) {
      first.append(msg(s));
    }
    for (long s = 1; s <= 4; s++) {
      first.acknowledge(s);
    }
    // no close(): as after a power cut
    FileOutbox second = open(EAGER);
    assertEquals(List.of(5L, 6L, 7L, 8L, 9L, 10L), seqs(second.pendingAfter(Long.MIN_VALUE, 100)));
    assertEquals(msg(5), second.pendingAfter(Long.MIN_VALUE, 1).get(0));
    assertEquals(10, second.lastSeq());
    assertEquals(first.epoch(), second.epoch());
    second.close();
  }

  @Test
  void reopen_withLazyAcknowledgements_neverLosesAnUnacknowledgedMessage() throws IOException {
    FileOutbox.Options lazy = new FileOutbox.Options(1L << 30, Duration.ofDays(14), true, 1L << 20, Duration.ofHours(1));
    FileOutbox first = open(lazy);
    for (long s = 1; s <= 10; s++) {
      first.append(msg(s));
    }
    for (long s = 1; s <= 6; s++) {
      first.acknowledge(s);
    }
    FileOutbox second = open(lazy);
    List<Long> pending = seqs(second.pendingAfter(Long.MIN_VALUE, 100));
    assertTrue(pending.containsAll(List.of(7L, 8L, 9L, 10L)), pending.toString());
    second.close();
  }

  @Test
  void reopen_everythingAcknowledged_keepsSeqAndEpoch() throws IOException {
    FileOutbox first = open(EAGER);
    String epoch = first.epoch();
    for (long s = 1; s <= 3; s++) {
      first.append(msg(s));
      first.acknowledge(s);
    }
    first.close();
    FileOutbox second = open(EAGER);
    assertEquals(0, second.size());
    assertEquals(3, second.lastSeq());
    assertEquals(4, second.sequence().next());
    assertEquals(epoch, second.epoch());
    assertTrue(segments().isEmpty(), "acknowledged segments are deleted");
    second.close();
  }

  @Test
  void reopen_acknowledgementFileLostAfterEverythingWasAcknowledged_startsANewEpochRatherThanReuseSeqs() throws IOException {
    FileOutbox first = open(EAGER);
    String epoch = first.epoch();
    for (long s = 1; s <= 3; s++) {
      first.append(msg(s));
      first.acknowledge(s);
    }
    first.close();
    FileOutbox second = open(EAGER);
    second.close();
    Files.write(dir.resolve("acked"), new byte[] {1, 2, 3});
    FileOutbox third = open(EAGER);
    assertNotEquals(epoch, third.epoch(), "seq 1 under the old epoch would repeat a delivered batch id");
    third.close();
  }

  @Test
  void acknowledge_watermarkCannotBeWritten_returnsKeepsTheSegmentAndStaysUsable() throws IOException {
    FileOutbox o = open(new FileOutbox.Options(1L << 30, Duration.ofDays(14), true, 1, Duration.ZERO));
    for (long s = 1; s <= 3; s++) {
      o.append(msg(s));
    }
    Files.createDirectory(dir.resolve("acked.tmp")); // the atomic replace of the watermark now fails
    Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> o.acknowledge(1));
    assertEquals(List.of(2L, 3L), seqs(o.pendingAfter(Long.MIN_VALUE, 10)));
    assertEquals(3, segments().size(), "nothing deleted without the watermark on disk");
    o.append(msg(4));
    Files.delete(dir.resolve("acked.tmp"));
    o.acknowledge(2);
    assertEquals(List.of(3L, 4L), seqs(o.pendingAfter(Long.MIN_VALUE, 10)));
    assertEquals(2, segments().size(), "deleted once the watermark could be written");
    o.close();
  }

  @Test
  void append_wallClockStepsAYearAfterBoot_keepsWhatWasStampedBeforeTheSync() throws IOException {
    now = Instant.parse("1970-01-01T00:05:00Z"); // a Pi without RTC, before NTP
    FileOutbox o = open(new FileOutbox.Options(1L << 30, Duration.ofDays(14), true, 1, Duration.ZERO));
    o.append(new OutboundMessage(1, "t", new byte[] {1}, now));
    now = Instant.parse("2026-11-29T10:00:00Z"); // NTP syncs; only minutes really passed
    nanos += Duration.ofMinutes(7).toNanos();
    o.append(new OutboundMessage(2, "t", new byte[] {2}, now));
    o.append(new OutboundMessage(3, "t", new byte[] {3}, now));
    assertEquals(List.of(1L, 2L, 3L), seqs(o.pendingAfter(Long.MIN_VALUE, 100)));
    assertEquals(0, o.stats().dropped());
    o.close();
  }

  @Test
  void open_lostStateDirectory_startsANewEpoch() throws IOException {
    FileOutbox first = open(EAGER);
    String epoch = first.epoch();
    first.close();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    FileOutbox second = open(EAGER);
    assertNotEquals(epoch, second.epoch());
    assertEquals(0, second.lastSeq());
    second.close();
  }

  @Test
  void open_tornLastEntry_isCutOffAndNeverServed() throws IOException {
    FileOutbox first = open(EAGER);
    for (long s = 1; s <= 3; s++) {
      first.append(msg(s));
    }
    first.close();
    Path seg = segments().get(0);
    try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
      f.setLength(f.length() - 5);
    }
    FileOutbox second = open(EAGER);
    assertEquals(List.of(1L, 2L), seqs(second.pendingAfter(Long.MIN_VALUE, 100)));
    assertEquals(1, second.stats().tornOnOpen());
    second.append(msg(3));
    second.close();
    FileOutbox third = open(EAGER);
    assertEquals(List.of(msg(1), msg(2), msg(3)), third.pendingAfter(Long.MIN_VALUE, 100));
    assertEquals(0, third.stats().tornOnOpen());
    third.close();
  }

  @Test
  void open_flippedByteInAnEntry_skipsToTheNextIntactEntryAndCountsTheLoss() throws IOException {
    FileOutbox first = open(EAGER);
    for (long s = 1; s <= 4; s++) {
      first.append(msg(s));
    }
    first.close();
    Path seg = segments().get(0);
    byte[] b = Files.readAllBytes(seg);
    int second = new String(b, StandardCharsets.ISO_8859_1).indexOf("payload-2");
    b[second] ^= 0x01;
    Files.write(seg, b);
    FileOutbox reopened = open(EAGER);
    assertEquals(List.of(1L, 3L, 4L), seqs(reopened.pendingAfter(Long.MIN_VALUE, 100)));
    assertEquals(1, reopened.stats().tornOnOpen());
    assertEquals(1, reopened.stats().dropped(), "the destroyed entry is reported, so the gap is explained");
    reopened.close();
  }

  @Test
  void open_garbageAfterTheLastEntry_isCutOff() throws IOException {
    FileOutbox first = open(EAGER);
    first.append(msg(1));
    first.close();
    Files.write(segments().get(0), new byte[] {0x50, 0x47, 0x57}, StandardOpenOption.APPEND);
    FileOutbox reopened = open(EAGER);
    assertEquals(List.of(msg(1)), reopened.pendingAfter(Long.MIN_VALUE, 100));
    reopened.close();
  }

  @Test
  void append_overSizeBound_dropsOldestSegmentsCountsThemAndKeepsGoing() throws IOException {
    // each entry is about 60 bytes; a segment holds about two
    FileOutbox o = open(new FileOutbox.Options(400, Duration.ofDays(14), true, 100, Duration.ZERO));
    for (long s = 1; s <= 40; s++) {
      o.append(msg(s));
    }
    List<Long> pending = seqs(o.pendingAfter(Long.MIN_VALUE, 100));
    assertTrue(o.stats().dropped() > 0);
    assertEquals(40 - o.stats().dropped(), pending.size());
    assertEquals(40L, pending.get(pending.size() - 1));
    long onDisk = 0;
    for (Path p : segments()) {
      onDisk += Files.size(p);
    }
    assertTrue(onDisk <= 400 + 100, "bytes on disk " + onDisk);
    o.close();
    FileOutbox reopened = open(EAGER);
    assertEquals(pending, seqs(reopened.pendingAfter(Long.MIN_VALUE, 100)), "drops survive a restart");
    reopened.close();
  }

  @Test
  void append_pastAgeBound_dropsMessagesOlderThanMaxAge() throws IOException {
    FileOutbox o = open(new FileOutbox.Options(1L << 30, Duration.ofDays(14), true, 1, Duration.ZERO));
    o.append(new OutboundMessage(1, "t", new byte[] {1}, now));
    now = now.plus(Duration.ofDays(15));
    nanos += Duration.ofDays(15).toNanos();
    o.append(new OutboundMessage(2, "t", new byte[] {2}, now));
    o.append(new OutboundMessage(3, "t", new byte[] {3}, now));
    assertEquals(List.of(2L, 3L), seqs(o.pendingAfter(Long.MIN_VALUE, 100)));
    assertEquals(1, o.stats().dropped());
    o.close();
  }
}
