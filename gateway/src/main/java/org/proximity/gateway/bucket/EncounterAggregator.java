package org.proximity.gateway.bucket;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.CrowdMinute;
import org.proximity.contract.payload.EncounterBatch;
import org.proximity.contract.payload.TimeBucket;
import org.proximity.gateway.ad.DeviceKind;

/**
 * Turns sightings into encounter records per (rolling ID, bucket), and per-minute crowd counts.
 *
 * <p>Raw IDs are kept only while their bucket is open, in compact tables ({@link IdTable}: about
 * 100 bytes per ID, capped by {@link Limits}); closing a bucket hashes each ID once under the day
 * key of the bucket's start, then zeroes the ID slab and drops it. Time comes in with each call
 * (the sighting's time, and {@code now} for closing), so this class never reads a clock.
 *
 * <p>Times it will not place: a sighting in a bucket already closed, or more than a day before
 * the newest open bucket, is counted {@code late}; more than a day after the newest open bucket,
 * {@code future} (so a wild clock cannot open thousands of buckets); both are reported with the
 * next bucket to close. Before 1970 or after {@value #LAST_YEAR}: the same, as late or future.
 * Sightings may arrive out of order within the open buckets.
 *
 * <p>Not thread-safe: owned by the pipeline thread.
 */
public final class EncounterAggregator {
  /** IDs or addresses in a bucket from which {@link #sightAll} loads ahead: about 1.7 MB of tables, past an L2 cache. */
  static final int LOAD_AHEAD = 16_384;
  static final int LAST_YEAR = 9999;
  private static final long DAY = 86_400L;
  private static final long FIRST_SECOND = 0L;
  private static final long LAST_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z
  private static final long MAX_REBASE_SECONDS = 100L * 366 * DAY;

  private final BucketWidth width;
  private final long widthSeconds;
  private final HashingKey.ForDay keys;
  private final Limits limits;
  private final CrowdCounter crowd;
  private TreeMap<Long, BucketState> open = new TreeMap<>();
  /** Buckets starting before this (epoch second) have been closed; sightings there are late. */
  private long closedBefore = Long.MIN_VALUE;
  private long lateSinceLastClose;
  private long futureSinceLastClose;
  /** When listening started (wall clock), or null if not said. */
  private Instant listeningSince;
  private long unhashableBuckets;
  /**
   * Crowd notes on ID records are (generation, minute of the bucket + 1, at most 1440); a re-base
   * moves the crowd counter's minutes, so it starts a new generation and every older note is void.
   */
  private int crowdGeneration = 1;
  /** The bucket the last sighting went to (null once it closed or moved): saves a map lookup per sighting. */
  private long lastStart;
  private BucketState lastBucket;
  /** What {@link #sightAll}'s loads returned: kept, so that the compiler cannot drop them. */
  private long touched;
  private int loadAhead = LOAD_AHEAD;

  /** Per-bucket caps that keep memory bounded in a crowd. */
  public record Limits(int maxTrackedIds, int maxTrackedAddresses) {
    public static final Limits DEFAULT = new Limits(50_000, 50_000);
    /** The most either limit may be (an ID table's index holds record numbers in 24 bits). */
    public static final int MAX = 10_000_000;

    public Limits {
      if (maxTrackedIds < 1 || maxTrackedAddresses < 1 || maxTrackedIds > MAX || maxTrackedAddresses > MAX) {
        throw new IllegalArgumentException("limits must be 1 to " + MAX);
      }
    }
  }

  public EncounterAggregator(BucketWidth width, HashingKey.ForDay keys, Limits limits) {
    this.width = width;
    this.widthSeconds = width.seconds();
    this.keys = keys;
    this.limits = limits;
    this.crowd = new CrowdCounter((int) Math.min(Integer.MAX_VALUE,
        (long) limits.maxTrackedIds() + limits.maxTrackedAddresses()));
  }

  /**
   * When the gateway started listening. A bucket that started before it is published {@code
   * partial}: it did not hear the whole bucket. A later {@link #rebase} moves it with the buckets.
   */
  public void listeningSince(Instant since) {
    this.listeningSince = Objects.requireNonNull(since, "since");
  }

  /** A GAEN or Bluezone advertisement with its raw rolling ID ({@code metadata}: GAEN AEM or null). */
  public void sightId(Instant at, DeviceKind kind, byte[] rawId, byte[] metadata, int rssi) {
    if (!kind.carriesId()) {
      throw new IllegalArgumentException("only gaen and bluezone carry rolling IDs, not " + kind);
    }
    int flags = IdTable.flags(kind, rawId.length, metadata != null);
    if (metadata != null && metadata.length != 4) {
      throw new IllegalArgumentException("an AEM has 4 bytes, was " + metadata.length);
    }
    long w0 = IdTable.word(rawId, 0, rawId.length, 0);
    long w1 = IdTable.word(rawId, 0, rawId.length, 1);
    sightId(at.getEpochSecond(), kind, flags, w0, w1, IdTable.keyHash(flags, w0, w1),
        metadata == null ? 0 : IdTable.packAem(metadata), rssi);
  }

  private void sightId(long s, DeviceKind kind, int flags, long w0, long w1, int hash, int aem, int rssi) {
    BucketState b = bucketFor(s);
    if (b != null) {
      int r = b.sightId(s, kind, flags, w0, w1, hash, aem, rssi);
      // an ID is looked up in the crowd counter's minute set once per minute, not per sighting
      int mark = crowdMark(s, b);
      if (r >= 0 && b.ids.crowdMark(r) == mark) {
        crowd.sightRemembered(s, kind, false);
      } else if (crowd.sightId(s, kind, IdTable.fingerprint(kind, w0, w1, (flags & IdTable.LEN_MASK) + 1)) && r >= 0) {
        b.ids.setCrowdMark(r, mark);
      }
    }
  }

  /** Any other advertisement: counted by kind, and by advertiser address for distinct counts. */
  public void sightPresence(Instant at, DeviceKind kind, long address, boolean malformed) {
    sightPresence(at.getEpochSecond(), kind, address, malformed);
  }

  private void sightPresence(long s, DeviceKind kind, long address, boolean malformed) {
    BucketState b = bucketFor(s);
    if (b != null) {
      int at = b.sightPresence(kind, address, malformed);
      // as for IDs: the address's note saves the crowd counter's lookup within a minute
      int mark = crowdMark(s, b);
      if (at >= 0 && b.addressMark(at) == mark) {
        crowd.sightRemembered(s, kind, malformed);
      } else if (crowd.sightPresence(s, kind, address, malformed) && at >= 0) {
        b.setAddressMark(at, mark);
      }
    }
  }

  /** The note for second {@code s} of bucket {@code b}: this generation and the minute in the bucket, never 0. */
  private int crowdMark(long s, BucketState b) {
    return crowdGeneration << 11 | (int) ((s - b.startSecond()) / 60 + 1);
  }

  /**
   * Applies every sighting of {@code run}, in order, exactly as {@link #sightId} and {@link
   * #sightPresence} one by one would, and empties it; one that throws goes to {@code onError} and
   * the rest are still applied. Returns how many threw. When a bucket's tables are past the caches
   * ({@value #LOAD_AHEAD} IDs or addresses), it first loads, with no effect, the index slot, record
   * and histogram bin or address slot each of its sightings will use, so that their cache misses
   * overlap instead of following one another (docs/benchmarks.md "Distinct IDs"); below that the
   * loads would cost more than they save.
   */
  public int sightAll(SightingRun run, Consumer<RuntimeException> onError) {
    int n = run.size;
    BucketState[] buckets = run.buckets;
    long sum = 0;
    long start = Long.MIN_VALUE;
    BucketState b = null;
    boolean any = false;
    for (int i = 0; i < n; i++) {
      long s = run.second[i];
      if (s - start < 0 || s - start >= widthSeconds) {
        start = s >= FIRST_SECOND && s <= LAST_SECOND ? alignedStart(s) : Long.MIN_VALUE;
        b = start == Long.MIN_VALUE ? null : open.get(start);
        if (b != null && b.ids.size() < loadAhead && b.addressCount() < loadAhead) {
          b = null;
        }
      }
      buckets[i] = b;
      if (b != null) {
        any = true;
        sum += run.isPresence(i) ? b.touchAddress(run.kind[i], run.w0[i]) : b.ids.touchIndex(run.hash[i]);
      }
    }
    for (int i = 0; any && i < n; i++) {
      if (buckets[i] != null && !run.isPresence(i)) {
        sum += buckets[i].ids.touchRecord(run.hash[i], run.rssi[i]);
      }
    }
    touched = sum;
    int failed = 0;
    for (int i = 0; i < n; i++) {
      try {
        if (run.isPresence(i)) {
          sightPresence(run.second[i], run.kind[i], run.w0[i], run.malformed[i]);
        } else {
          sightId(run.second[i], run.kind[i], run.flags[i], run.w0[i], run.w1[i], run.hash[i], run.aem[i], run.rssi[i]);
        }
      } catch (RuntimeException e) {
        failed++;
        onError.accept(e);
      }
    }
    run.clear();
    return failed;
  }

  /** Tests: {@link #sightAll} loads ahead from this many IDs or addresses in a bucket (0: always). */
  void loadAheadFrom(int idsOrAddresses) {
    this.loadAhead = idsOrAddresses;
  }

  /** Closes and returns, oldest first, every open bucket that ends at or before {@code now}. */
  public List<EncounterBatch> closeEndedBy(Instant now) {
    List<EncounterBatch> out = new ArrayList<>();
    long nowSecond = now.getEpochSecond();
    while (!open.isEmpty() && open.firstKey() + width.seconds() <= nowSecond) {
      closeInto(out, open.pollFirstEntry().getValue(), false);
    }
    return out;
  }

  /**
   * Closes one bucket into {@code out}. A bucket whose day key is no longer held (the ratchet only
   * goes forward) cannot be hashed: it is dropped and counted in {@link #unhashableBuckets()}
   * rather than taking the batches closed with it down too.
   */
  private void closeInto(List<EncounterBatch> out, BucketState state, boolean partial) {
    EncounterBatch batch = close(state, partial);
    if (batch == null) {
      unhashableBuckets++;
      state.drop(); // raw IDs leave memory either way
    } else {
      out.add(batch);
    }
  }

  /** Buckets dropped because their day's key was no longer held. */
  public long unhashableBuckets() {
    return unhashableBuckets;
  }

  /** Closes every open bucket as partial (shutdown), oldest first. */
  public List<EncounterBatch> closeAllAsPartial() {
    List<EncounterBatch> out = new ArrayList<>();
    while (!open.isEmpty()) {
      closeInto(out, open.pollFirstEntry().getValue(), true);
    }
    return out;
  }

  /** Per-minute crowd counts of every UTC minute that ended at or before {@code now}, oldest first. */
  public List<CrowdMinute> closeMinutesEndedBy(Instant now) {
    return crowd.closeMinutesEndedBy(now);
  }

  /** Per-minute crowd counts of every open minute (shutdown), oldest first. */
  public List<CrowdMinute> closeAllMinutes() {
    return crowd.closeAll();
  }

  /**
   * Re-bases the open buckets after the wall clock was found off by {@code offset} (the correct
   * time minus the time the sightings were stamped with; whole seconds, rounded down): every
   * sighting time moves by it, and each record moves to the bucket of its shifted first sighting,
   * merging with a record of the same ID there, and its sightings count as advertisements there. A record whose shifted last sighting falls past
   * that bucket's end stays whole in it, its {@code last} cut to the bucket's last second, and is
   * counted {@code misplaced}; every moved record is counted {@code rebased}. A record that lands
   * in a bucket already closed is dropped and its sightings counted {@code late}. The other
   * bucket-level counts (presence advertisements, distinct addresses, malformed, overflow) move to the bucket holding the
   * shifted start of their old bucket, or the oldest bucket still open if that one has closed.
   * Open crowd minutes move the same way ({@link CrowdCounter#rebase}).
   *
   * @throws IllegalArgumentException for an offset of more than 100 years: a bug, not a clock
   */
  public void rebase(Duration offset) {
    long shift = offset.getSeconds();
    if (Math.abs(shift) > MAX_REBASE_SECONDS) {
      throw new IllegalArgumentException("a clock offset of more than 100 years is not a clock: " + offset);
    }
    if (shift == 0) {
      return;
    }
    TreeMap<Long, BucketState> old = open;
    open = new TreeMap<>();
    lastBucket = null;
    crowdGeneration = (crowdGeneration + 1) & 0xF_FFFF; // 20 bits; a note is never 0, so a new record never matches
    for (BucketState s : old.values()) {
      long start = s.startSecond();
      if (s.hasResidualCounts()) {
        stateAt(Math.max(alignedStart(start + shift), closedBefore)).absorbCounts(s);
      }
      for (int r = 0; r < s.ids.size(); r++) {
        long first = start + s.ids.first(r) + shift;
        long target = alignedStart(first);
        if (target < closedBefore) {
          lateSinceLastClose += s.ids.sightings(r);
          continue;
        }
        int relShift = (int) (start + shift - target);
        stateAt(target).placeRebased(s.ids, r, relShift);
      }
      s.drop();
    }
    if (listeningSince != null) {
      listeningSince = listeningSince.plusSeconds(shift);
    }
    crowd.rebase(shift);
  }

  /** Number of rolling IDs currently held in memory across open buckets. */
  public int trackedIds() {
    int n = 0;
    for (BucketState b : open.values()) {
      n += b.ids.size();
    }
    return n;
  }

  /** Number of open buckets. */
  public int openBuckets() {
    return open.size();
  }

  /** Heap held by the open buckets' ID tables and address sets (array sizes, not a heap walk). */
  public long retainedBytes() {
    long n = 0;
    for (BucketState b : open.values()) {
      n += b.retainedBytes();
    }
    return n;
  }

  private long alignedStart(long second) {
    return second - Math.floorMod(second, width.seconds());
  }

  private BucketState stateAt(long start) {
    return open.computeIfAbsent(
        start, s -> new BucketState(new TimeBucket(Instant.ofEpochSecond(s), width), limits));
  }

  private BucketState bucketFor(long second) {
    if (second < FIRST_SECOND) {
      lateSinceLastClose++;
      return null;
    }
    if (second > LAST_SECOND) {
      futureSinceLastClose++;
      return null;
    }
    if (lastBucket != null && second - lastStart >= 0 && second - lastStart < widthSeconds) {
      return lastBucket; // nearly every sighting: the bucket of the one before (and no division)
    }
    long start = alignedStart(second);
    if (start < closedBefore) {
      lateSinceLastClose++;
      return null;
    }
    BucketState b = open.get(start);
    if (b != null) {
      lastStart = start;
      lastBucket = b;
    }
    if (b != null) {
      return b;
    }
    if (!open.isEmpty()) {
      long newest = open.lastKey();
      if (start > newest + DAY) {
        futureSinceLastClose++;
        return null;
      }
      if (start < newest - DAY) {
        lateSinceLastClose++;
        return null;
      }
    }
    return stateAt(start);
  }

  /** The closed batch, or null when the day key of the bucket is no longer held. */
  private EncounterBatch close(BucketState state, boolean partial) {
    closedBefore = state.startSecond() + width.seconds();
    lastBucket = null;
    HashingKey key;
    try {
      key = keys.forDay(state.bucket.epochDay());
    } catch (IllegalStateException noKeyForThatDay) {
      return null; // the ratchet only goes forward
    }
    long late = lateSinceLastClose;
    long future = futureSinceLastClose;
    lateSinceLastClose = 0;
    futureSinceLastClose = 0;
    boolean cut = partial || (listeningSince != null && state.bucket.start().isBefore(listeningSince));
    return state.toBatch(key, cut, late, future);
  }
}
