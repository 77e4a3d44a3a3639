package org.proximity.gateway.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** An outbox in RAM, bounded by bytes: for the demo and tests. A restart loses what it holds. */
public final class MemoryOutbox implements Outbox {
  private final TreeMap<Long, OutboundMessage> pending = new TreeMap<>();
  private final long maxBytes;
  private final String epoch;
  private long lastSeq;
  private long bytes;
  private long dropped;

  public MemoryOutbox() {
    this(Long.MAX_VALUE);
  }

  public MemoryOutbox(long maxBytes) {
    this.maxBytes = maxBytes;
    this.epoch = Outbox.newEpoch();
  }

  @Override
  public synchronized void append(OutboundMessage message) {
    if (message.seq() <= lastSeq) {
      throw new IllegalArgumentException("seq must increase: " + message.seq() + " after " + lastSeq);
    }
    lastSeq = message.seq();
    pending.put(message.seq(), message);
    bytes += message.payload().length;
    while (bytes > maxBytes && pending.size() > 1) {
      bytes -= pending.pollFirstEntry().getValue().payload().length;
      dropped++;
    }
  }

  @Override
  public synchronized List<OutboundMessage> pendingAfter(long after, int max) {
    List<OutboundMessage> out = new ArrayList<>(Math.min(max, pending.size()));
    for (OutboundMessage m : pending.tailMap(after, false).values()) {
      if (out.size() >= max) {
        break;
      }
      out.add(m);
    }
    return out;
  }

  @Override
  public synchronized void acknowledge(long seq) {
    OutboundMessage m = pending.remove(seq);
    if (m != null) {
      bytes -= m.payload().length;
    }
  }

  @Override
  public synchronized long lastSeq() {
    return lastSeq;
  }

  @Override
  public String epoch() {
    return epoch;
  }

  @Override
  public synchronized OutboxStats stats() {
    return new OutboxStats(
        pending.size(), bytes, pending.isEmpty() ? null : pending.firstEntry().getValue().storedAt(), dropped, 0);
  }

  @Override
  public void close() {}
}
