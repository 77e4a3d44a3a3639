package org.proximity.gateway.bucket;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.proximity.contract.payload.CrowdMinute;
import org.proximity.gateway.ad.DeviceKind;

/**
 * Per-minute crowd counts (docs/crowd.md): advertisements by kind, distinct rolling IDs and
 * addresses by kind, malformed payloads, overflow. Memory is bounded: at most {@value #MAX_OPEN}
 * minutes are open (a sighting for a newer minute closes the oldest), each holding a {@link LongSet}
 * of at most {@code maxDistinct} 64-bit keys (kind in the top byte; an address, or a 56-bit
 * fingerprint of the raw ID, below; never the ID itself), and at most {@value #MAX_PENDING} closed
 * minutes wait to be taken (older ones are dropped and counted in {@link #droppedMinutes()}).
 * Minutes with nothing heard produce no record.
 *
 * <p>Time comes with each call; this class reads no clock. Not thread-safe: pipeline thread only.
 */
public final class CrowdCounter {
  static final int MAX_OPEN = 4;
  static final int MAX_PENDING = 1440;
  private static final long FUTURE_MINUTES = 1440;
  private static final int KINDS = DeviceKind.values().length;
  private static final long LOW_56 = 0x00FF_FFFF_FFFF_FFFFL;
  /** Not a key (keys carry the kind in the top byte): counts the sighting, remembers nothing. */
  private static final long ALREADY_REMEMBERED = 0;

  private final int maxDistinct;
  private final TreeMap<Long, Minute> open = new TreeMap<>();
  private final ArrayDeque<CrowdMinute> pending = new ArrayDeque<>();
  /** Minutes before this (epoch minutes) are closed. */
  private long closedBefore = Long.MIN_VALUE;
  private long late;
  private long future;
  private long droppedMinutes;
  /** The open minute the last sighting went to (null once it closed or moved): saves a map lookup. */
  private Minute lastMinute;

  /** @param maxDistinct cap on distinct IDs and addresses remembered per minute */
  public CrowdCounter(int maxDistinct) {
    if (maxDistinct < 1) {
      throw new IllegalArgumentException("maxDistinct must be at least 1");
    }
    this.maxDistinct = maxDistinct;
  }

  /**
   * A GAEN or Bluezone advertisement; the raw ID is reduced to a fingerprint at once. Returns
   * whether the ID is now remembered in the open minute of {@code at} (false: late, future, or the
   * minute is full).
   */
  public boolean sightId(Instant at, DeviceKind kind, byte[] rawId) {
    return sightId(at.getEpochSecond(), kind, IdTable.fingerprint(kind, rawId));
  }

  /** {@link #sightId} with the ID's fingerprint ({@link IdTable#fingerprint}) already taken. */
  boolean sightId(long epochSecond, DeviceKind kind, long fingerprint) {
    return add(epochSecond, kind, key(kind, fingerprint), false);
  }

  /**
   * An advertisement whose ID or address {@link #sightId} or {@link #sightPresence} said is
   * remembered in the open minute of this second, and no {@link #rebase} since: counted without
   * looking it up again.
   */
  void sightRemembered(long epochSecond, DeviceKind kind, boolean malformed) {
    add(epochSecond, kind, ALREADY_REMEMBERED, malformed);
  }

  /** Any other advertisement, by advertiser address (48 bits). */
  public void sightPresence(Instant at, DeviceKind kind, long address, boolean malformed) {
    sightPresence(at.getEpochSecond(), kind, address, malformed);
  }

  /** The same; returns whether the address is now remembered in the open minute of {@code epochSecond}. */
  boolean sightPresence(long epochSecond, DeviceKind kind, long address, boolean malformed) {
    return add(epochSecond, kind, key(kind, address), malformed);
  }

  /**
   * Closes every open minute that ended at or before {@code now} and returns them, with any closed
   * earlier because too many minutes were open, oldest first.
   */
  public List<CrowdMinute> closeMinutesEndedBy(Instant now) {
    long nowSecond = now.getEpochSecond();
    while (!open.isEmpty() && (open.firstKey() + 1) * 60 <= nowSecond) {
      closeOldest();
    }
    List<CrowdMinute> out = new ArrayList<>(pending);
    pending.clear();
    return out;
  }

  /** Closes every open minute (shutdown) and returns all waiting minutes, oldest first. */
  public List<CrowdMinute> closeAll() {
    while (!open.isEmpty()) {
      closeOldest();
    }
    List<CrowdMinute> out = new ArrayList<>(pending);
    pending.clear();
    return out;
  }

  /**
   * Moves every open minute by {@code offsetSeconds} (to the minute holding its shifted start, so
   * to within a minute when the offset is not whole minutes), merging minutes that meet. A minute
   * that lands in one already closed is counted as late.
   */
  public void rebase(long offsetSeconds) {
    lastMinute = null;
    List<Minute> old = new ArrayList<>(open.values());
    open.clear();
    for (Minute m : old) {
      long target = Math.floorDiv(m.minute * 60 + offsetSeconds, 60);
      if (target < closedBefore) {
        late += m.total();
        continue;
      }
      Minute t = open.get(target);
      if (t == null) {
        m.minute = target;
        open.put(target, m);
      } else {
        t.merge(m);
      }
    }
    while (open.size() > MAX_OPEN) {
      closeOldest();
    }
  }

  /** Closed minutes dropped because nobody took them ({@value #MAX_PENDING} were waiting). */
  public long droppedMinutes() {
    return droppedMinutes;
  }

  int openMinutes() {
    return open.size();
  }

  /** Counts a sighting; returns whether {@code key} is remembered in its minute afterwards. */
  private boolean add(long second, DeviceKind kind, long key, boolean malformed) {
    long minute = Math.floorDiv(second, 60);
    Minute last = lastMinute;
    if (last != null && last.minute == minute) {
      return last.add(kind, key, malformed); // nearly every sighting: the minute of the one before
    }
    if (minute < closedBefore) {
      late++;
      return false;
    }
    Minute m = open.get(minute);
    if (m == null) {
      if (!open.isEmpty() && minute > open.lastKey() + FUTURE_MINUTES) {
        future++;
        return false;
      }
      if (open.size() >= MAX_OPEN && minute < open.firstKey()) {
        late++;
        return false;
      }
      m = new Minute(minute, maxDistinct);
      open.put(minute, m);
      while (open.size() > MAX_OPEN) {
        closeOldest();
      }
    }
    lastMinute = m;
    return m.add(kind, key, malformed);
  }

  private void closeOldest() {
    lastMinute = null;
    Minute m = open.pollFirstEntry().getValue();
    closedBefore = m.minute + 1;
    if (pending.size() >= MAX_PENDING) {
      pending.pollFirst();
      droppedMinutes++;
    }
    pending.addLast(m.toRecord(late, future));
    late = 0;
    future = 0;
  }

  static long key(DeviceKind kind, long low) {
    return (kind.ordinal() + 1L) << 56 | (low & LOW_56);
  }

  static DeviceKind kindOf(long key) {
    return DeviceKind.values()[(int) (key >>> 56) - 1];
  }

  /** One open minute. */
  private static final class Minute {
    long minute;
    final long[] adverts = new long[KINDS];
    final int[] distinct = new int[KINDS];
    final LongSet seen;
    long malformed;
    long overflow;

    Minute(long minute, int cap) {
      this.minute = minute;
      this.seen = new LongSet(cap);
    }

    boolean add(DeviceKind kind, long key, boolean isMalformed) {
      adverts[kind.ordinal()]++;
      if (isMalformed) {
        malformed++;
      }
      return key == ALREADY_REMEMBERED || remember(key);
    }

    private boolean remember(long key) {
      switch (seen.add(key)) {
        case NEW -> distinct[kindOf(key).ordinal()]++;
        case FULL -> {
          overflow++;
          return false;
        }
        default -> { }
      }
      return true;
    }

    void merge(Minute o) {
      for (int k = 0; k < KINDS; k++) {
        adverts[k] += o.adverts[k];
      }
      malformed += o.malformed;
      overflow += o.overflow;
      o.seen.forEach(this::remember);
      o.seen.clear();
    }

    long total() {
      long n = 0;
      for (long a : adverts) {
        n += a;
      }
      return n;
    }

    CrowdMinute toRecord(long late, long future) {
      Map<String, Long> a = new HashMap<>();
      Map<String, Integer> d = new HashMap<>();
      for (DeviceKind k : DeviceKind.values()) {
        a.put(k.wireName(), adverts[k.ordinal()]);
        d.put(k.wireName(), distinct[k.ordinal()]);
      }
      seen.clear();
      return new CrowdMinute(Instant.ofEpochSecond(minute * 60), a, d, malformed, overflow, late, future);
    }
  }
}
