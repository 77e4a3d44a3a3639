package org.proximity.gateway.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.proximity.contract.rollingid.SiteRootKey;
import org.proximity.gateway.bucket.HashingKey;
import org.proximity.gateway.publish.KeyStats;

class RatchetingKeysTest {
  private static final SiteRootKey ROOT = SiteRootKey.parseHex("11".repeat(32));
  private static final long DAY = 20_000;

  @Test
  void keyDatedAfterTheBucket_refusesAndReportsNotHashing_untilABucketOfItsDayCloses() {
    DayKeyState state = new DayKeyState();
    RatchetingKeys keys = new RatchetingKeys(ROOT.dayKey(DAY + 2), k -> {}, RatchetingKeys.NO_CEILING, state);
    assertTrue(state.snapshot().hashing(), "nothing refused yet");
    assertThrows(IllegalStateException.class, () -> keys.forDay(DAY));
    assertEquals(new KeyStats(DAY + 2, false, true, 0), state.snapshot());
    keys.forDay(DAY + 2);
    assertTrue(state.snapshot().hashing());
  }

  @Test
  void unsynchronisedClock_neverRatchetsPastTheWallDayPlusOne_andKeepsTheKey() {
    DayKeyState state = new DayKeyState();
    AtomicBoolean synced = new AtomicBoolean(false);
    AtomicLong wallDay = new AtomicLong(DAY);
    List<Long> written = new ArrayList<>();
    RatchetingKeys keys = new RatchetingKeys(ROOT.dayKey(DAY), k -> written.add(k.epochDay()),
        RatchetingKeys.untilClockSynced(synced::get, wallDay::get), state);

    keys.forDay(DAY + 1); // tomorrow, by an unsynchronised clock: allowed
    assertEquals(DAY + 1, keys.day());
    assertThrows(IllegalStateException.class, () -> keys.forDay(DAY + 2));
    assertEquals(DAY + 1, keys.day(), "the key of day + 1 is kept");
    assertFalse(state.snapshot().hashing());
    assertEquals(List.of(DAY + 1), written, "no key file written for the refused day");

    synced.set(true); // NTP confirms: the day was right after all
    assertEquals(
        ROOT.dayKey(DAY + 30).keyId(), keys.forDay(DAY + 30).keyId(), "a synchronised clock ratchets without limit");
    assertTrue(state.snapshot().hashing());
    assertEquals(DAY + 30, state.snapshot().day());
  }

  @Test
  void fromRoot_startsAtTheFirstDayAskedFor_thenOnlyRatchetsForward() {
    DayKeyState state = new DayKeyState();
    HashingKey.ForDay keys = RatchetingKeys.fromRoot(ROOT, state);
    assertEquals(KeyStats.UNKNOWN_DAY, state.snapshot().day(), "no day asked for yet");
    assertEquals(ROOT.dayKey(DAY + 5).keyId(), keys.forDay(DAY + 5).keyId());
    assertEquals(DAY + 5, state.snapshot().day());
    assertThrows(IllegalStateException.class, () -> keys.forDay(DAY + 4), "the first day is a ratchet like any other");
    assertEquals(ROOT.dayKey(DAY + 6).keyId(), keys.forDay(DAY + 6).keyId());
  }
}
