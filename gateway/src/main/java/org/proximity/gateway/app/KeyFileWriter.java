package org.proximity.gateway.app;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.function.Consumer;
import org.proximity.contract.rollingid.DayKey;
import org.proximity.gateway.keys.KeyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the day key file with each new key of the ratchet. A failed replacement leaves the older
 * key on disk, which defeats the ratchet for a stolen gateway: it is reported ({@link
 * DayKeyState#fileWriteFailed}, a FAULT) and retried by {@link #retry} until it succeeds.
 * Called by the pipeline thread (a new key) and the health thread (retries).
 */
final class KeyFileWriter implements Consumer<DayKey> {
  private static final Logger LOG = LoggerFactory.getLogger(KeyFileWriter.class);

  private final Path file;
  private final DayKeyState state;
  private DayKey pending;

  KeyFileWriter(Path file, DayKeyState state) {
    this.file = file;
    this.state = state;
  }

  @Override
  public synchronized void accept(DayKey next) {
    pending = next;
    retry();
  }

  /** Writes the newest key if an earlier attempt failed; does nothing otherwise. */
  public synchronized void retry() {
    if (pending == null) {
      return;
    }
    try {
      KeyFiles.writeDayKey(file, pending);
      state.fileWritten();
      LOG.info("day key ratcheted to {} (key id {}); the previous key is gone",
          LocalDate.ofEpochDay(pending.epochDay()), pending.keyId());
      pending = null;
    } catch (IOException e) {
      state.fileWriteFailed();
      LOG.error("could not replace the day key file {} with the key of {}: {}; it still holds an older key;"
          + " retrying every health period", file, LocalDate.ofEpochDay(pending.epochDay()), e.toString());
    }
  }
}
