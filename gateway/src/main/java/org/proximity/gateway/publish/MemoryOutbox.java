package org.proximity.gateway.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** An outbox that lives in RAM: for the demo and tests. A restart loses what it holds. */
public final class MemoryOutbox implements Outbox {
  private final TreeMap<Long, OutboundMessage> pending = new TreeMap<>();
  private long lastSeq = Long.MIN_VALUE;
  private long bytes;

  @Override
  public synchronized void append(OutboundMessage message) {
    if (message.seq() <= lastSeq) {
      throw new IllegalArgumentException(
          "seq must increase: " + message.seq() + " after " + lastSeq);
    }
    lastSeq = message.seq();
    pending.put(message.seq(), message);
    bytes += message.payload().length;
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
  public synchronized int size() {
    return pending.size();
  }

  @Override
  public synchronized long bytes() {
    return bytes;
  }

  @Override
  public void close() {}
}
