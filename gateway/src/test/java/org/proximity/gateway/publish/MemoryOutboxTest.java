package org.proximity.gateway.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryOutboxTest extends OutboxContractTest {
  @Override
  Outbox newOutbox() {
    return new MemoryOutbox();
  }

  @Test
  void append_overByteBound_dropsOldestAndCountsIt() {
    MemoryOutbox o = new MemoryOutbox(3 * "payload-1".length());
    for (long s = 1; s <= 5; s++) {
      o.append(msg(s));
    }
    assertEquals(List.of(3L, 4L, 5L), seqs(o.pendingAfter(Long.MIN_VALUE, 10)));
    assertEquals(2, o.stats().dropped());
  }
}
