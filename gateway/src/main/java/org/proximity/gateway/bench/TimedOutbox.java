package org.proximity.gateway.bench;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.proximity.gateway.publish.OutboundMessage;
import org.proximity.gateway.publish.Outbox;

/** The service's outbox, noting when each message was appended (monotonic) for the latency figures. */
final class TimedOutbox implements Outbox {
  private final Outbox outbox;
  private final ConcurrentHashMap<Long, Long> appendedAt = new ConcurrentHashMap<>();

  TimedOutbox(Outbox outbox) {
    this.outbox = outbox;
  }

  /** Monotonic time each seq was appended at. */
  ConcurrentHashMap<Long, Long> appendedAt() {
    return appendedAt;
  }

  @Override
  public void append(OutboundMessage message) {
    outbox.append(message);
    appendedAt.put(message.seq(), System.nanoTime());
  }

  @Override
  public List<OutboundMessage> pendingAfter(long after, int max) {
    return outbox.pendingAfter(after, max);
  }

  @Override
  public void acknowledge(long seq) {
    outbox.acknowledge(seq);
  }

  @Override
  public long lastSeq() {
    return outbox.lastSeq();
  }

  @Override
  public String epoch() {
    return outbox.epoch();
  }

  @Override
  public OutboxStats stats() {
    return outbox.stats();
  }

  @Override
  public void close() {
    outbox.close();
  }
}
