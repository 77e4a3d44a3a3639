package org.proximity.gateway.publish.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.gateway.clock.MonotonicClock;
import org.proximity.gateway.publish.OutboundMessage;

/** What the outbox puts on disk besides its entries: modes, and what it does with files it did not write. */
class FileOutboxFilesTest {
  private static final FileOutbox.Options EAGER =
      new FileOutbox.Options(1L << 30, Duration.ofDays(14), true, 1L << 20, Duration.ZERO);

  @TempDir Path tmp;

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static OutboundMessage msg(long seq) {
    return new OutboundMessage(seq, "t", new byte[] {(byte) seq}, Instant.EPOCH);
  }

  @Test
  void everythingTheOutboxCreates_isOwnerOnly_whateverTheUmask() throws IOException {
    // the test JVM runs with the shell's umask (022 by hand, as the issue found): modes must not depend on it
    Path dir = tmp.resolve("state/outbox");
    FileOutbox o = FileOutbox.open(dir, EAGER, () -> Instant.EPOCH, MonotonicClock.system());
    o.append(msg(1));
    o.acknowledge(1);
    o.append(msg(2));
    o.close();
    assertEquals("rwx------", mode(dir));
    assertEquals("rwx------", mode(dir.getParent()), "missing parents too");
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files = s.toList();
      assertTrue(files.stream().anyMatch(p -> p.getFileName().toString().startsWith("seg-")), files.toString());
      assertTrue(files.stream().anyMatch(p -> p.getFileName().toString().equals("acked")), files.toString());
      assertTrue(files.stream().anyMatch(p -> p.getFileName().toString().equals("epoch")), files.toString());
      for (Path f : files) {
        assertEquals("rw-------", mode(f), f.getFileName().toString());
      }
    }
  }

  @Test
  void segmentsWrittenUnderALocaleWithOtherDigits_areFoundOnTheNextStart() throws IOException {
    Path dir = tmp.resolve("outbox");
    Locale before = Locale.getDefault();
    try {
      // a technician's shell with LANG=ar_EG.UTF-8, say: the JDK formats numbers with Arabic-Indic digits
      Locale arabicDigits = Locale.forLanguageTag("ar-EG-u-nu-arab");
      assertNotEquals("1", String.format(arabicDigits, "%d", 1), "the premise: this locale has other digits");
      Locale.setDefault(arabicDigits);
      FileOutbox first = FileOutbox.open(dir, EAGER, () -> Instant.EPOCH, MonotonicClock.system());
      first.append(msg(1));
      first.append(msg(2));
      first.close();
    } finally {
      Locale.setDefault(before);
    }
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(
          List.of("seg-00000000000000000001.log"),
          s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("seg-")).toList());
    }
    FileOutbox second = FileOutbox.open(dir, EAGER, () -> Instant.EPOCH, MonotonicClock.system());
    assertEquals(List.of(msg(1), msg(2)), second.pendingAfter(Long.MIN_VALUE, 10));
    second.close();
  }

  @Test
  void segmentName_isTwentyAsciiDigits() {
    assertEquals("seg-00000000000000000000.log", FileOutbox.segmentName(0));
    assertEquals("seg-09223372036854775807.log", FileOutbox.segmentName(Long.MAX_VALUE));
  }

  @Test
  void strayFilesNamedLikeSegments_areIgnoredAndLeftAlone() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("outbox"));
    FileOutbox first = FileOutbox.open(dir, EAGER, () -> Instant.EPOCH, MonotonicClock.system());
    first.append(msg(1));
    first.close();
    List<String> strays = List.of("seg-x.log", "seg-", "seg-99999999999999999999.log", "seg-00000000000000000001.log.bak");
    for (String name : strays) {
      Files.writeString(dir.resolve(name), "not a segment");
    }
    FileOutbox reopened = FileOutbox.open(dir, EAGER, () -> Instant.EPOCH, MonotonicClock.system());
    assertEquals(List.of(1L), reopened.pendingAfter(Long.MIN_VALUE, 10).stream().map(OutboundMessage::seq).toList());
    reopened.close();
    for (String name : strays) {
      assertTrue(Files.exists(dir.resolve(name)), name + " is not the outbox's to delete");
    }
  }
}
