package org.proximity.gateway.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.proximity.contract.payload.SequenceCounter;

/** The {@link Outbox} contract, run against every implementation. */
abstract class OutboxContractTest {
  static final Instant T0 = Instant.parse("2024-10-04T10:00:00Z");

  /** A fresh, empty outbox with bounds far above what a test appends. */
  abstract Outbox newOutbox() throws Exception;

  static OutboundMessage msg(long seq) {
    return new OutboundMessage(seq, "proximity/s/g/encounters", ("payload-" + seq).getBytes(StandardCharsets.US_ASCII), T0.plusSeconds(seq));
  }

  static List<Long> seqs(List<OutboundMessage> ms) {
    return ms.stream().map(OutboundMessage::seq).toList();
  }

  @Test
  void newOutbox_isEmptyWithSeqZero() throws Exception {
    try (Outbox o = newOutbox()) {
      assertEquals(0, o.size());
      assertEquals(0, o.lastSeq());
      assertNull(o.stats().oldest());
      assertTrue(o.epoch().matches("[0-9a-f]{8}"), o.epoch());
    }
  }

  @Test
  void pendingAfter_returnsOldestFirstAndReadingChangesNothing() throws Exception {
    try (Outbox o = newOutbox()) {
      for (long s = 1; s <= 5; s++) {
        o.append(msg(s));
      }
      assertEquals(List.of(msg(1), msg(2), msg(3)), o.pendingAfter(Long.MIN_VALUE, 3));
      assertEquals(List.of(4L, 5L), seqs(o.pendingAfter(3, 10)));
      assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(o.pendingAfter(Long.MIN_VALUE, 10)));
      assertEquals(5, o.size());
      assertEquals(T0.plusSeconds(1), o.stats().oldest());
    }
  }

  @Test
  void acknowledge_removesForGoodAndRepeatsAreNoOps() throws Exception {
    try (Outbox o = newOutbox()) {
      o.append(msg(1));
      o.append(msg(2));
      o.append(msg(3));
      o.acknowledge(2);
      o.acknowledge(2);
      o.acknowledge(99);
      assertEquals(List.of(1L, 3L), seqs(o.pendingAfter(Long.MIN_VALUE, 10)));
      assertEquals(("payload-1".length() + "payload-3".length()), o.stats().bytes());
      assertEquals(3, o.lastSeq());
    }
  }

  @Test
  void append_seqNotIncreasing_isRejectedAndStateUnchanged() throws Exception {
    try (Outbox o = newOutbox()) {
      o.append(msg(5));
      assertThrows(IllegalArgumentException.class, () -> o.append(msg(5)));
      assertThrows(IllegalArgumentException.class, () -> o.append(msg(4)));
      o.acknowledge(5);
      assertThrows(IllegalArgumentException.class, () -> o.append(msg(5)));
      assertEquals(0, o.size());
      assertEquals(5, o.lastSeq());
    }
  }

  @Test
  void sequence_continuesAfterTheLastAppendedSeq() throws Exception {
    try (Outbox o = newOutbox()) {
      o.append(msg(7));
      SequenceCounter c = o.sequence();
      assertEquals(o.epoch(), c.epoch());
      assertEquals(8, c.next());
      assertEquals(9, c.next());
    }
  }

  /** Random appends and acks agree with a trivially correct model. */
  @Test
  void randomOperations_agreeWithAModel() throws Exception {
    long seed = Long.getLong("test.seed", 4242L);
    SplittableRandom rnd = new SplittableRandom(seed);
    TreeMap<Long, OutboundMessage> model = new TreeMap<>();
    try (Outbox o = newOutbox()) {
      long next = 1;
      for (int i = 0; i < 2000; i++) {
        if (rnd.nextInt(3) > 0) {
          next += 1 + rnd.nextInt(3);
          o.append(msg(next));
          model.put(next, msg(next));
        } else if (!model.isEmpty()) {
          long victim = rnd.nextBoolean() ? model.firstKey() : model.ceilingKey(model.firstKey() + rnd.nextInt(10));
          o.acknowledge(victim);
          model.remove(victim);
        }
      }
      assertEquals(List.copyOf(model.values()), o.pendingAfter(Long.MIN_VALUE, Integer.MAX_VALUE), "seed " + seed);
      assertEquals(model.size(), o.size());
    }
  }
}
