package org.proximity.gateway.publish;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.proximity.contract.payload.SequenceCounter;

/**
 * Messages that were closed but not yet acknowledged by the broker: the gateway's
 * store-and-forward buffer.
 *
 * <p>States of a message: <em>pending</em> from {@link #append} until {@link #acknowledge}
 * (PUBACK), or until a bound drops it. Nothing else removes a message.
 *
 * <ul>
 *   <li><b>Append.</b> Once {@link #append} returns, the message is pending (and, for a durable
 *       outbox with sync on, on stable storage). Sequence numbers strictly increase; a message
 *       whose seq is not above every seq seen before is rejected with {@link
 *       IllegalArgumentException} and the state is unchanged.
 *   <li><b>Order.</b> {@link #pendingAfter} returns pending messages with {@code seq > after},
 *       oldest first. Reading changes nothing: a message stays pending until acknowledged, so
 *       after a reconnect, and for a durable outbox after a restart, delivery resumes with the
 *       oldest pending message. Messages sent but not acknowledged before a crash are sent again
 *       (at least once; backends de-duplicate on the {@code batch} id).
 *   <li><b>Acknowledge.</b> Removes a message for good. Unknown or repeated seqs are a no-op.
 *   <li><b>Bounds.</b> An outbox may hold a limited number of bytes and keep messages a limited
 *       time. When a bound is hit, the oldest messages are dropped, counted in {@link
 *       OutboxStats#dropped()}, and the gateway keeps running.
 *   <li><b>Sequence.</b> {@link #lastSeq()} is the highest seq ever appended (acknowledged or
 *       not), or 0 for a new outbox: a durable outbox remembers it across restarts, so seq is
 *       never reused within its {@link #epoch()}.
 *   <li><b>Failure.</b> A method that throws leaves the state as it was.
 * </ul>
 * Implementations are thread-safe: the pipeline appends while the forwarder reads and acknowledges.
 */
public interface Outbox extends AutoCloseable {

  void append(OutboundMessage message);

  List<OutboundMessage> pendingAfter(long after, int max);

  void acknowledge(long seq);

  /** Highest seq ever appended, 0 if none. */
  long lastSeq();

  /** Names this outbox's history; a new one (lost state) gets a new epoch ({@link #newEpoch}). */
  String epoch();

  /**
   * A fresh epoch: 4 random bytes as 8 lower-case hex characters (docs/delivery.md). Random, not
   * counted, because the history it names may be the one that was lost.
   */
  static String newEpoch() {
    byte[] b = new byte[4];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** Whether {@code text} has the form {@link #newEpoch} gives. */
  static boolean isEpoch(String text) {
    return text.length() == 8 && text.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
  }

  OutboxStats stats();

  /** Number of pending messages. */
  default int size() {
    return stats().entries();
  }

  @Override
  void close();

  /** What the health topic reports about the outbox. {@code oldest} is null when empty. */
  record OutboxStats(int entries, long bytes, Instant oldest, long dropped, long tornOnOpen) {}

  /** A sequence counter that continues where this outbox's history ends. */
  default SequenceCounter sequence() {
    Outbox self = this;
    return new SequenceCounter() {
      private long last = self.lastSeq();

      @Override
      public String epoch() {
        return self.epoch();
      }

      @Override
      public synchronized long next() {
        return ++last;
      }
    };
  }
}
