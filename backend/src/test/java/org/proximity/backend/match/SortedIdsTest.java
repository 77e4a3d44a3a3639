package org.proximity.backend.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The candidate ids a store looks up: every distinct id once, in the order their hex sorts. */
class SortedIdsTest {
  private static final HexFormat HEX = HexFormat.of();

  private static List<String> drain(Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void sortedIds_randomDuplicatedAndNearIds_eachOnceInHexOrder() {
    SplittableRandom random = new SplittableRandom(3);
    List<byte[]> ids = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      byte[] id = new byte[16];
      random.nextBytes(id);
      ids.add(id);
    }
    byte[] base = ids.get(0);
    for (int b = 0; b < 16; b++) { // same first half, or nearly: they share the sort's leading bits
      byte[] near = base.clone();
      near[b] ^= 1;
      ids.add(near);
    }
    ids.add(HEX.parseHex("ff".repeat(16))); // high bit set: last, not first
    ids.add(HEX.parseHex("00".repeat(16)));
    int copies = ids.size();
    CandidateIndex index = new CandidateIndex(16);
    for (int i = 0; i < copies; i++) {
      index.add(ids.get(i), 0, 20_000, i, 0);
      if (i % 3 == 0) {
        index.add(ids.get(i), 1, 20_001, i, 1); // the same id under another ring and day: looked up once
      }
    }
    index.seal();
    TreeSet<String> expected = new TreeSet<>();
    ids.forEach(id -> expected.add(HEX.formatHex(id)));

    Iterator<String> it = index.sortedIds();
    assertEquals(List.copyOf(expected), drain(it));
    assertFalse(it.hasNext());
    assertThrows(NoSuchElementException.class, it::next);
  }

  @Test
  void sortedIds_noCandidates_nothing() {
    CandidateIndex index = new CandidateIndex(0);
    index.seal();
    assertEquals(List.of(), drain(index.sortedIds()));
  }
}
