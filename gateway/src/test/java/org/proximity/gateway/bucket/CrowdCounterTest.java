package org.proximity.gateway.bucket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.proximity.contract.payload.CrowdMinute;
import org.proximity.gateway.ad.DeviceKind;

class CrowdCounterTest {
  private static final Instant M0 = Instant.parse("2024-10-04T10:00:00Z");
  private final CrowdCounter crowd = new CrowdCounter(1_000);

  private static byte[] id(int i) {
    byte[] b = new byte[16];
    b[0] = (byte) i;
    b[1] = (byte) (i >> 8);
    return b;
  }

  @Test
  void closeMinutesEndedBy_countsPerKindAndDistinct() {
    crowd.sightId(M0.plusSeconds(1), DeviceKind.GAEN, id(1));
    crowd.sightId(M0.plusSeconds(2), DeviceKind.GAEN, id(1));
    crowd.sightId(M0.plusSeconds(3), DeviceKind.GAEN, id(2));
    crowd.sightId(M0.plusSeconds(3), DeviceKind.BLUEZONE, new byte[12]);
    crowd.sightPresence(M0.plusSeconds(4), DeviceKind.BLUEZONE_IOS, 0xB1, false);
    crowd.sightPresence(M0.plusSeconds(5), DeviceKind.BLUEZONE_IOS, 0xB1, false);
    crowd.sightPresence(M0.plusSeconds(6), DeviceKind.APPLE, 0xA1, false);
    crowd.sightPresence(M0.plusSeconds(59), DeviceKind.OTHER, 0xA1, true);
    assertTrue(crowd.closeMinutesEndedBy(M0.plusSeconds(59)).isEmpty());
    List<CrowdMinute> closed = crowd.closeMinutesEndedBy(M0.plusSeconds(60));
    assertEquals(1, closed.size());
    CrowdMinute m = closed.get(0);
    assertEquals(M0, m.start());
    assertEquals(3L, m.advertisements().get("gaen"));
    assertEquals(2, m.distinct().get("gaen"));
    assertEquals(1, m.distinct().get("bluezone"));
    assertEquals(1, m.bluezoneIosPresences());
    assertEquals(2L, m.advertisements().get("bluezone_ios"));
    assertEquals(1, m.distinct().get("apple"));
    assertEquals(1, m.distinct().get("other"));
    assertEquals(0, m.distinct().get("bluetrace"));
    assertEquals(1, m.malformed());
  }

  @Test
  void sight_intoClosedMinute_isLateInTheNextMinute() {
    crowd.sightId(M0, DeviceKind.GAEN, id(1));
    crowd.closeMinutesEndedBy(M0.plusSeconds(60));
    crowd.sightId(M0.plusSeconds(30), DeviceKind.GAEN, id(2));
    crowd.sightId(M0.plusSeconds(61), DeviceKind.GAEN, id(2));
    CrowdMinute m = crowd.closeMinutesEndedBy(M0.plusSeconds(120)).get(0);
    assertEquals(1, m.late());
    assertEquals(1, m.distinct().get("gaen"));
  }

  @Test
  void sight_manyMinutesUntaken_keepsAtMostFourOpenAndReturnsThemAll() {
    for (int minute = 0; minute < 10; minute++) {
      crowd.sightId(M0.plusSeconds(60L * minute), DeviceKind.GAEN, id(minute));
    }
    assertEquals(CrowdCounter.MAX_OPEN, crowd.openMinutes());
    List<CrowdMinute> all = crowd.closeAll();
    assertEquals(10, all.size());
    assertEquals(M0.plusSeconds(540), all.get(9).start());
  }

  @Test
  void sight_farFuture_isCountedNotOpened() {
    crowd.sightId(M0, DeviceKind.GAEN, id(1));
    crowd.sightId(M0.plusSeconds(3 * 86_400), DeviceKind.GAEN, id(1));
    assertEquals(1, crowd.openMinutes());
    assertEquals(1, crowd.closeAll().get(0).future());
  }

  @Test
  void sight_beyondCap_countsOverflowButEveryAdvertisement() {
    CrowdCounter small = new CrowdCounter(2);
    for (int i = 0; i < 5; i++) {
      small.sightPresence(M0, DeviceKind.APPLE, i + 1, false);
    }
    CrowdMinute m = small.closeAll().get(0);
    assertEquals(2, m.distinct().get("apple"));
    assertEquals(3, m.overflow());
    assertEquals(5L, m.advertisements().get("apple"));
  }

  @Test
  void rebase_movesOpenMinutesAndCountsThoseLandingInClosedOnesLate() {
    crowd.sightId(M0.plusSeconds(10), DeviceKind.GAEN, id(1));
    crowd.sightId(M0.plusSeconds(70), DeviceKind.GAEN, id(1));
    crowd.sightId(M0.plusSeconds(70), DeviceKind.GAEN, id(2));
    crowd.rebase(3630); // whole minutes move to the minute of their shifted start
    List<CrowdMinute> moved = crowd.closeMinutesEndedBy(M0.plusSeconds(3720));
    assertEquals(List.of(M0.plusSeconds(3600), M0.plusSeconds(3660)), moved.stream().map(CrowdMinute::start).toList());
    assertEquals(2, moved.get(1).distinct().get("gaen"));
    crowd.sightId(M0.plusSeconds(3725), DeviceKind.GAEN, id(3));
    crowd.sightId(M0.plusSeconds(3790), DeviceKind.GAEN, id(3));
    crowd.rebase(-120); // 11:02 -> 11:00 (closed): late; 11:03 -> 11:01 (closed): late
    crowd.sightId(M0.plusSeconds(3800), DeviceKind.GAEN, id(4));
    CrowdMinute next = crowd.closeAll().get(0);
    assertEquals(2, next.late());
  }
}
