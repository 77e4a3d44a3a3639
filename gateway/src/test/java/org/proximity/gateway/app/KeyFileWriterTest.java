package org.proximity.gateway.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.contract.rollingid.SiteRootKey;
import org.proximity.gateway.keys.KeyFiles;

/** A failed replacement of the day key file at the ratchet is reported, and retried until it works. */
class KeyFileWriterTest {
  private static final SiteRootKey ROOT = SiteRootKey.parseHex("22".repeat(32));

  @TempDir Path dir;

  @Test
  void replacementFails_fileKeepsTheOldKeyAndStateSaysSo_retrySucceedsOnceTheCauseIsGone() throws Exception {
    Path file = dir.resolve("day.key");
    KeyFiles.writeDayKey(file, ROOT.dayKey(20_000));
    // the writer's temporary file cannot be cleared away: a non-empty directory stands in its place
    Path blocker = Files.createDirectories(dir.resolve("day.key.tmp"));
    Files.writeString(blocker.resolve("x"), "x");

    DayKeyState state = new DayKeyState();
    KeyFileWriter writer = new KeyFileWriter(file, state);
    writer.accept(ROOT.dayKey(20_001));
    assertFalse(state.snapshot().fileCurrent());
    assertEquals(1, state.snapshot().fileWriteFailures());
    assertEquals(20_000, KeyFiles.readDayKey(file).epochDay());

    writer.retry();
    assertEquals(2, state.snapshot().fileWriteFailures(), "each failed retry counts");

    Files.delete(blocker.resolve("x"));
    Files.delete(blocker);
    writer.retry();
    assertTrue(state.snapshot().fileCurrent());
    assertEquals(ROOT.dayKey(20_001), KeyFiles.readDayKey(file));
    writer.retry(); // nothing pending: no write, no failure
    assertEquals(2, state.snapshot().fileWriteFailures());
  }
}
