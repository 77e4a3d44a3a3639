package org.proximity.gateway.publish;

import java.security.SecureRandom;
import java.util.HexFormat;

/** A counter with no storage: every process start is a new epoch. */
public final class MemorySequenceCounter implements SequenceCounter {
  private final String epoch;
  private long last;

  public MemorySequenceCounter() {
    byte[] b = new byte[4];
    new SecureRandom().nextBytes(b);
    this.epoch = HexFormat.of().formatHex(b);
  }

  @Override
  public String epoch() {
    return epoch;
  }

  @Override
  public synchronized long next() {
    return ++last;
  }
}
