package org.proximity.gateway.bucket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.proximity.gateway.ad.DeviceKind;

/** The ID table's index against a map: tags in the index slots must never hide or confuse a record. */
class IdTableTest {

  @Test
  void everyIdFindsItsOwnRecord_throughGrowthAndCollisions() {
    Random rnd = new Random(11);
    IdTable t = new IdTable(20_000);
    Map<String, Integer> records = new HashMap<>();
    Map<String, Integer> sightings = new HashMap<>();
    List<byte[]> ids = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      byte[] id = new byte[rnd.nextBoolean() ? 16 : 12]; // GAEN RPI, Bluezone ID
      rnd.nextBytes(id);
      ids.add(id);
    }
    for (int round = 0; round < 3; round++) {
      for (byte[] id : ids) {
        DeviceKind kind = id.length == 16 ? DeviceKind.GAEN : DeviceKind.BLUEZONE;
        int r = t.sight(kind, id, null, round, -60);
        String key = kind + ":" + HexFormat.of().formatHex(id);
        Integer before = records.putIfAbsent(key, r);
        assertEquals(before == null ? r : before, r, "the same record for the same ID");
        sightings.merge(key, 1, Integer::sum);
      }
    }
    assertEquals(20_000, t.size());
    for (byte[] id : ids) {
      DeviceKind kind = id.length == 16 ? DeviceKind.GAEN : DeviceKind.BLUEZONE;
      int r = records.get(kind + ":" + HexFormat.of().formatHex(id));
      assertArrayEquals(id, t.copyId(r));
      assertEquals(3, t.sightings(r));
    }
    byte[] oneMore = new byte[16];
    rnd.nextBytes(oneMore);
    assertEquals(-1, t.sight(DeviceKind.GAEN, oneMore, null, 5, -60), "at its cap a new ID is refused");
  }

  @Test
  void idsWithTheSameSlotAndTag_stayApart() {
    // IDs whose hashes agree in the low bits (the slot of a small index) and in the tag: found by search
    Random rnd = new Random(5);
    int flags = IdTable.flags(DeviceKind.GAEN, 16, false);
    Map<Integer, byte[]> firstByKey = new HashMap<>();
    byte[] a = null;
    byte[] b = null;
    while (a == null) {
      byte[] id = new byte[16];
      rnd.nextBytes(id);
      int h = IdTable.keyHash(flags, IdTable.word(id, 0, 16, 0), IdTable.word(id, 0, 16, 1));
      int key = (h & 0xF) | (h >>> IdTable.REC_BITS) << 4;
      byte[] other = firstByKey.putIfAbsent(key, id);
      if (other != null) {
        a = other;
        b = id;
      }
    }
    IdTable t = new IdTable(4);
    int ra = t.sight(DeviceKind.GAEN, a, null, 0, -50);
    int rb = t.sight(DeviceKind.GAEN, b, null, 1, -70);
    assertTrue(ra != rb, "two records");
    assertEquals(ra, t.sight(DeviceKind.GAEN, a, null, 2, -50));
    assertEquals(rb, t.sight(DeviceKind.GAEN, b, null, 3, -70));
    assertArrayEquals(a, t.copyId(ra));
    assertArrayEquals(b, t.copyId(rb));
    assertEquals(2, t.sightings(ra));
    assertEquals(2, t.sightings(rb));
  }

  @Test
  void theLimitsTheConfigurationAllows_fitTheIndex() {
    // a bucket whose table refused its cap would fail on the pipeline thread when it opens
    assertTrue(EncounterAggregator.Limits.MAX <= IdTable.MAX_CAP, EncounterAggregator.Limits.MAX + " > " + IdTable.MAX_CAP);
    IdTable t = new IdTable(EncounterAggregator.Limits.MAX);
    assertEquals(0, t.size());
  }

  @Test
  void aCapPastTheIndexsRoom_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new IdTable(IdTable.MAX_CAP + 1));
    assertTrue(e.getMessage().contains(String.valueOf(IdTable.MAX_CAP + 1)), e.getMessage());
  }
}
