package org.proximity.gateway.publish;

import java.util.List;

/**
 * Messages that were closed but not yet acknowledged by the broker.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #append} stores a message; once it returns, the message is pending. Sequence
 *       numbers must strictly increase; a message whose seq is not above the last appended one is
 *       rejected with {@link IllegalArgumentException} and the state is unchanged.
 *   <li>{@link #pendingAfter} returns pending messages with {@code seq > after}, oldest first.
 *       Reading does not change state: a message stays pending until it is acknowledged, so after
 *       a reconnect (or, for durable outboxes, a restart) delivery resumes with the oldest.
 *   <li>{@link #acknowledge} removes a message for good (the broker sent PUBACK). Acknowledging
 *       an unknown or already acknowledged seq is a no-op.
 * </ul>
 * Implementations are thread-safe: the pipeline appends while the forwarder reads and acknowledges.
 */
public interface Outbox extends AutoCloseable {

  void append(OutboundMessage message);

  List<OutboundMessage> pendingAfter(long after, int max);

  void acknowledge(long seq);

  /** Number of pending messages. */
  int size();

  /** Payload bytes of pending messages. */
  long bytes();

  @Override
  void close();
}
