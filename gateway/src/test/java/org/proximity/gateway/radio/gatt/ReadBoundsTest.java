package org.proximity.gateway.radio.gatt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.proximity.gateway.radio.gatt.ReadBounds.Decision;

class ReadBoundsTest {
  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

  @Test
  void admit_sameAddressInOneSlot_onlyOnce_evenAfterAFailedRead() {
    ReadBounds b = new ReadBounds(30);
    assertEquals(Decision.ATTEMPT, b.admit(1, T0));
    b.finished();
    assertEquals(Decision.SKIP_SLOT, b.admit(1, T0.plusSeconds(899)));
    assertEquals(Decision.ATTEMPT, b.admit(1, T0.plusSeconds(900)), "a new slot: a new ID to read");
  }

  @Test
  void admit_whileAReadRuns_isBusy_andDoesNotUseUpTheSlot() {
    ReadBounds b = new ReadBounds(30);
    assertEquals(Decision.ATTEMPT, b.admit(1, T0));
    assertEquals(Decision.SKIP_BUSY, b.admit(2, T0));
    b.finished();
    assertEquals(Decision.ATTEMPT, b.admit(2, T0.plusSeconds(1)));
  }

  @Test
  void admit_rateRefusal_doesNotUseUpTheSlot() {
    ReadBounds b = new ReadBounds(1);
    assertEquals(Decision.ATTEMPT, b.admit(1, T0));
    b.finished();
    assertEquals(Decision.SKIP_RATE, b.admit(2, T0.plusSeconds(59)));
    assertEquals(Decision.ATTEMPT, b.admit(2, T0.plusSeconds(60)));
  }

  @Test
  void admit_clockSteppedBack_doesNotBlockReadsForTheStep() {
    ReadBounds b = new ReadBounds(1);
    assertEquals(Decision.ATTEMPT, b.admit(1, T0));
    b.finished();
    assertEquals(Decision.ATTEMPT, b.admit(2, T0.minusSeconds(3600)));
  }

  /** 500 phones heard in random order for an hour: no 60 s window ever holds more than the bound. */
  @Test
  void admit_crowdOf500_neverMoreThanMaxInAnyMinute_andOncePerSlot() {
    ReadBounds b = new ReadBounds(30);
    SplittableRandom random = new SplittableRandom(Long.getLong("seed", 13));
    Deque<Instant> window = new ArrayDeque<>();
    Map<Long, Long> slotOf = new HashMap<>();
    int attempts = 0;
    for (long ms = 0; ms < 3_600_000; ms += 50) {
      Instant now = T0.plusMillis(ms);
      long phone = random.nextInt(500);
      if (b.admit(phone, now) == Decision.ATTEMPT) {
        attempts++;
        Long previous = slotOf.put(phone, ReadBounds.slotOf(now));
        assertTrue(previous == null || previous != ReadBounds.slotOf(now), "phone read twice in one slot");
        window.addLast(now);
        while (!window.peekFirst().isAfter(now.minusSeconds(60))) {
          window.pollFirst();
        }
        assertTrue(window.size() <= 30, "more than 30 attempts within 60 s at " + now);
        if (random.nextInt(3) > 0) {
          b.finished(); // some reads take longer than one 50 ms step
        }
      } else if (random.nextBoolean()) {
        b.finished();
      }
      assertTrue(b.remembered() <= 30 * 15);
    }
    assertTrue(attempts > 1000, "the bound, not the test, limited the attempts: " + attempts);
  }

  @Test
  void constructor_zeroPerMinute_isRejectedNamingTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ReadBounds(0));
    assertEquals("radio.bluezone_ios.max_per_minute must be at least 1, was 0", e.getMessage());
  }
}
