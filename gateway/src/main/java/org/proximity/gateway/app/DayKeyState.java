package org.proximity.gateway.app;

import java.util.concurrent.atomic.AtomicLong;
import org.proximity.gateway.publish.KeyStats;

/**
 * The day key's state for health and the status LED: written by the pipeline thread (ratchet) and
 * the key-file writer, read by the health thread.
 */
public final class DayKeyState {
  private volatile long day = KeyStats.UNKNOWN_DAY;
  private volatile boolean hashing = true;
  private volatile boolean fileCurrent = true;
  private final AtomicLong fileWriteFailures = new AtomicLong();

  void at(long epochDay) {
    day = epochDay;
  }

  void hashed() {
    hashing = true;
  }

  void refused() {
    hashing = false;
  }

  void fileWritten() {
    fileCurrent = true;
  }

  void fileWriteFailed() {
    fileCurrent = false;
    fileWriteFailures.incrementAndGet();
  }

  public KeyStats snapshot() {
    return new KeyStats(day, hashing, fileCurrent, fileWriteFailures.get());
  }
}
