package org.proximity.gateway.radio.gatt;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Decides whether a Bluezone iPhone just heard may be connected to now (docs/visibility.md,
 * "Reading Bluezone iPhones"): at most one attempt per address per 15-minute Bluezone slot (a
 * failed or timed-out attempt counts: it is not retried in that slot), at most {@code
 * maxPerMinute} attempts in any 60 seconds, and one connection at a time.
 *
 * <p>Pure: time comes in with each call. A refusal for the rate or because a read is running does
 * not use up the slot, so the phone is tried again when it next advertises. Not thread-safe: the
 * reader serialises calls.
 */
public final class ReadBounds {
  /** Bluezone's slot: 86,400 s / 96 IDs a day (protocols: Bluezone key schedule, docs/visibility.md). */
  public static final long SLOT_SECONDS = 900;
  private static final Duration MINUTE = Duration.ofSeconds(60);

  /** What to do with a phone just heard. */
  public enum Decision {
    /** Connect now; the caller must call {@link #finished} when done. */
    ATTEMPT,
    /** Already tried in this slot (read, refused or timed out). */
    SKIP_SLOT,
    /** {@code maxPerMinute} attempts already started in the last 60 s. */
    SKIP_RATE,
    /** Another connection is running. */
    SKIP_BUSY
  }

  private final int maxPerMinute;
  private final ArrayDeque<Instant> recentStarts = new ArrayDeque<>();
  private final Set<Long> triedThisSlot = new HashSet<>();
  private long slot = Long.MIN_VALUE;
  private boolean busy;

  public ReadBounds(int maxPerMinute) {
    if (maxPerMinute < 1) {
      throw new IllegalArgumentException("radio.bluezone_ios.max_per_minute must be at least 1, was " + maxPerMinute);
    }
    this.maxPerMinute = maxPerMinute;
  }

  /** The Bluezone slot number since the epoch ({@code floor(unix_s / 900)}) of {@code at}. */
  public static long slotOf(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), SLOT_SECONDS);
  }

  /** Decides for the 48-bit {@code address} heard at {@code now}; ATTEMPT uses up its slot. */
  public Decision admit(long address, Instant now) {
    long s = slotOf(now);
    if (s != slot) {
      // a new slot (or a clock step): the phones carry new IDs, every address may be read again
      slot = s;
      triedThisSlot.clear();
    }
    if (triedThisSlot.contains(address)) {
      return Decision.SKIP_SLOT;
    }
    if (busy) {
      return Decision.SKIP_BUSY;
    }
    Instant windowStart = now.minus(MINUTE);
    // drop starts older than a minute, and any "in the future" left by a clock stepped back
    recentStarts.removeIf(t -> !t.isAfter(windowStart) || t.isAfter(now));
    if (recentStarts.size() >= maxPerMinute) {
      return Decision.SKIP_RATE;
    }
    recentStarts.addLast(now);
    triedThisSlot.add(address);
    busy = true;
    return Decision.ATTEMPT;
  }

  /** The connection admitted last has ended, however it went. */
  public void finished() {
    busy = false;
  }

  /** Addresses remembered for the current slot (at most {@code maxPerMinute × 15}). */
  public int remembered() {
    return triedThisSlot.size();
  }
}
