package org.proximity.gateway.bucket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.proximity.gateway.ad.DeviceKind;

/**
 * Turns sightings into encounter records per (rolling ID, bucket).
 *
 * <p>Raw IDs are kept only while their bucket is open; closing a bucket hashes each ID once under
 * the day key of the bucket's start and forgets the raw bytes. Time comes in with each call (the
 * sighting's time, and {@code now} for closing), so this class never reads a clock.
 *
 * <p>Not thread-safe: owned by the pipeline thread.
 */
public final class EncounterAggregator {

  /** Per-bucket caps that keep memory bounded in a crowd. */
  public record Limits(int maxTrackedIds, int maxTrackedAddresses) {
    public static final Limits DEFAULT = new Limits(50_000, 50_000);

    public Limits {
      if (maxTrackedIds < 1 || maxTrackedAddresses < 1) {
        throw new IllegalArgumentException("limits must be at least 1");
      }
    }
  }

  private final BucketWidth width;
  private final HashingKey.ForDay keys;
  private final Limits limits;
  private final TreeMap<Instant, BucketState> open = new TreeMap<>();
  /** Buckets starting before this have been closed; sightings there are late. */
  private Instant closedBefore = Instant.MIN;
  private long lateSinceLastClose;

  public EncounterAggregator(BucketWidth width, HashingKey.ForDay keys, Limits limits) {
    this.width = width;
    this.keys = keys;
    this.limits = limits;
  }

  /** A GAEN or Bluezone advertisement with its raw rolling ID ({@code metadata}: GAEN AEM or null). */
  public void sightId(Instant at, DeviceKind kind, byte[] rawId, byte[] metadata, int rssi) {
    if (kind != DeviceKind.GAEN && kind != DeviceKind.BLUEZONE) {
      throw new IllegalArgumentException("only gaen and bluezone carry rolling IDs, not " + kind);
    }
    BucketState b = bucketFor(at);
    if (b != null) {
      b.sightId(at, kind, rawId, metadata, rssi);
    }
  }

  /** Any other advertisement: counted by kind, and by advertiser address for distinct counts. */
  public void sightPresence(Instant at, DeviceKind kind, long address, boolean malformed) {
    BucketState b = bucketFor(at);
    if (b != null) {
      b.sightPresence(kind, address, malformed);
    }
  }

  /** Closes and returns, oldest first, every open bucket that ends at or before {@code now}. */
  public List<EncounterBatch> closeEndedBy(Instant now) {
    List<EncounterBatch> out = new ArrayList<>();
    while (!open.isEmpty() && !open.firstEntry().getValue().bucket.end().isAfter(now)) {
      out.add(close(open.pollFirstEntry().getValue(), false));
    }
    return out;
  }

  /** Closes every open bucket as partial (shutdown), oldest first. */
  public List<EncounterBatch> closeAllAsPartial() {
    List<EncounterBatch> out = new ArrayList<>();
    while (!open.isEmpty()) {
      out.add(close(open.pollFirstEntry().getValue(), true));
    }
    return out;
  }

  /** Number of rolling IDs currently held in memory across open buckets. */
  public int trackedIds() {
    int n = 0;
    for (BucketState b : open.values()) {
      n += b.ids.size();
    }
    return n;
  }

  private BucketState bucketFor(Instant at) {
    TimeBucket bucket = TimeBucket.containing(at, width);
    if (bucket.start().isBefore(closedBefore)) {
      lateSinceLastClose++;
      return null;
    }
    return open.computeIfAbsent(bucket.start(), s -> new BucketState(bucket, limits));
  }

  private EncounterBatch close(BucketState state, boolean partial) {
    closedBefore = state.bucket.end();
    HashingKey key = keys.forDay(state.bucket.epochDay());
    long late = lateSinceLastClose;
    lateSinceLastClose = 0;
    return state.toBatch(key, partial, late);
  }

}
