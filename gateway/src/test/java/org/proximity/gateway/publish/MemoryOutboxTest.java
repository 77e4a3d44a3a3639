package org.proximity.gateway.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryOutboxTest {
  private static OutboundMessage msg(long seq) {
    return new OutboundMessage(seq, "t", new byte[] {1, 2, 3}, Instant.EPOCH);
  }

  @Test
  void pendingAfter_returnsOldestFirstUntilAcknowledged() {
    MemoryOutbox o = new MemoryOutbox();
    o.append(msg(1));
    o.append(msg(2));
    o.append(msg(3));
    assertEquals(List.of(msg(1), msg(2)), o.pendingAfter(Long.MIN_VALUE, 2));
    assertEquals(List.of(msg(3)), o.pendingAfter(2, 10));
    o.acknowledge(1);
    o.acknowledge(1);
    assertEquals(List.of(msg(2), msg(3)), o.pendingAfter(Long.MIN_VALUE, 10));
    assertEquals(2, o.size());
    assertEquals(6, o.stats().bytes());
  }

  @Test
  void append_seqNotIncreasing_isRejectedAndStateUnchanged() {
    MemoryOutbox o = new MemoryOutbox();
    o.append(msg(5));
    assertThrows(IllegalArgumentException.class, () -> o.append(msg(5)));
    assertEquals(1, o.size());
  }
}
