package org.proximity.backend.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class StreamGapsTest {
  @Test
  void missingRanges_fromOne_perStream() {
    StreamGaps.Builder b = new StreamGaps.Builder();
    assertNull(b.add("s", "g", "e1", 3, 0));
    assertNull(b.add("s", "g", "e1", 4, 2));
    assertNull(b.add("s", "g", "e1", 9, 0));
    StreamGaps first = b.add("s", "g", "e2", 1, 0);
    assertEquals(3, first.stored());
    assertEquals(9, first.lastSeq());
    assertEquals(2, first.duplicates());
    assertEquals(2, first.missing().size());
    assertArrayEquals(new long[] {1, 2}, first.missing().get(0));
    assertArrayEquals(new long[] {5, 8}, first.missing().get(1));
    assertEquals(6, first.missingCount());
    StreamGaps second = b.finish();
    assertEquals("e2", second.epoch());
    assertEquals(0, second.missingCount());
    assertNull(b.finish());
  }

  @Test
  void aNewGatewayWithTheSameEpoch_isANewStream() {
    StreamGaps.Builder b = new StreamGaps.Builder();
    b.add("s", "g1", "e", 1, 0);
    StreamGaps g1 = b.add("s", "g2", "e", 2, 0);
    assertEquals("g1", g1.gateway());
    assertEquals(0, g1.missingCount());
    assertEquals(1, b.finish().missingCount());
  }
}
