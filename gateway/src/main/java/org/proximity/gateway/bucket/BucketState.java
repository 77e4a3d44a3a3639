package org.proximity.gateway.bucket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.proximity.contract.payload.BucketCounts;
import org.proximity.contract.payload.EncounterBatch;
import org.proximity.contract.payload.EncounterRecord;
import org.proximity.contract.payload.TimeBucket;
import org.proximity.gateway.ad.DeviceKind;

/**
 * The open state of one bucket. Holds raw IDs ({@link IdTable}) and advertiser addresses ({@link
 * LongSet}, kind in the top byte, each with the aggregator's crowd note beside it): RAM only; {@link #toBatch} and {@link #drop} zero the ID slab and
 * drop every array.
 */
final class BucketState {
  private static final HexFormat HEX = HexFormat.of();
  private static final int KINDS = DeviceKind.values().length;

  final TimeBucket bucket;
  final IdTable ids;
  private final LongSet addresses;
  private final int[] distinctAddresses = new int[KINDS];
  private final long[] advertisements = new long[KINDS];
  private long malformed;
  private long overflow;
  private long rebased;

  BucketState(TimeBucket bucket, EncounterAggregator.Limits limits) {
    this.bucket = bucket;
    this.ids = new IdTable(limits.maxTrackedIds());
    this.addresses = LongSet.withMarks(limits.maxTrackedAddresses());
  }

  long startSecond() {
    return bucket.start().getEpochSecond();
  }

  /**
   * An ID sighting ({@link IdTable#sight}). Returns the ID's record in {@link #ids}, or -1 when the
   * table is full (counted as overflow).
   */
  int sightId(long epochSecond, DeviceKind kind, int flags, long w0, long w1, int hash, int aem, int rssi) {
    advertisements[kind.ordinal()]++;
    int r = ids.sight(flags, w0, w1, hash, aem, (int) (epochSecond - startSecond()), rssi);
    if (r < 0) {
      overflow++;
    }
    return r;
  }

  /**
   * Returns where the address is in the address set, for {@link #addressMark}, or -1 when the set
   * is full (counted as overflow).
   */
  int sightPresence(DeviceKind kind, long address, boolean isMalformed) {
    advertisements[kind.ordinal()]++;
    if (isMalformed) {
      malformed++;
    }
    return rememberAddress(CrowdCounter.key(kind, address));
  }

  /** Distinct addresses held. */
  int addressCount() {
    return addresses.size();
  }

  /** The aggregator's crowd note on the address at {@code at} (0: none). */
  int addressMark(int at) {
    return (int) addresses.mark(at);
  }

  void setAddressMark(int at, int mark) {
    addresses.setMark(at, mark);
  }

  /** Loads, with no effect, where the address's search starts ({@code EncounterAggregator.sightAll}). */
  long touchAddress(DeviceKind kind, long address) {
    return addresses.touch(CrowdCounter.key(kind, address));
  }

  private int rememberAddress(long key) {
    int a = addresses.addAt(key);
    if (a < 0) {
      overflow++;
      return -1;
    }
    if ((a & 1) != 0) {
      distinctAddresses[CrowdCounter.kindOf(key).ordinal()]++;
    }
    return a >>> 1;
  }

  /**
   * Adds the bucket-level counts and addresses of {@code other} (a re-base moved it here): all but
   * the advertisements of its tracked records, which move with the records ({@link #placeRebased}).
   */
  void absorbCounts(BucketState other) {
    long[] residual = other.residualAdvertisements();
    for (int k = 0; k < KINDS; k++) {
      advertisements[k] += residual[k];
    }
    malformed += other.malformed;
    overflow += other.overflow;
    other.addresses.forEach(this::rememberAddress);
  }

  /** Advertisements not carried by a tracked record: presences, and ID sightings in overflow. */
  private long[] residualAdvertisements() {
    long[] residual = advertisements.clone();
    for (int r = 0; r < ids.size(); r++) {
      residual[ids.kind(r).ordinal()] -= ids.sightings(r);
    }
    return residual;
  }

  /** Whether a re-base has anything to move besides the records. */
  boolean hasResidualCounts() {
    for (long a : residualAdvertisements()) {
      if (a != 0) {
        return true;
      }
    }
    return malformed != 0 || overflow != 0 || addresses.size() != 0;
  }

  /** Record {@code r} of {@code from} moved here by a re-base ({@code shift}: seconds to add). */
  boolean placeRebased(IdTable from, int r, int shift) {
    if (!ids.mergeFrom(from, r, shift, (int) bucket.width().seconds() - 1)) {
      overflow += from.sightings(r);
      return false;
    }
    advertisements[from.kind(r).ordinal()] += from.sightings(r);
    rebased++;
    return true;
  }

  EncounterBatch toBatch(HashingKey key, boolean partial, long late, long future) {
    int n = ids.size();
    List<EncounterRecord> records = new ArrayList<>(n);
    long start = startSecond();
    long misplaced = 0;
    for (int r = 0; r < n; r++) {
      if (ids.misplaced(r)) {
        misplaced++;
      }
      String kind = ids.kind(r).wireName();
      byte[] raw = ids.copyId(r);
      byte[] hashed = key.recordId(kind, raw);
      byte[] aem = ids.aem(r);
      if (aem != null) {
        aem = key.sealAem(raw, aem);
      }
      Arrays.fill(raw, (byte) 0);
      records.add(
          new EncounterRecord(
              HEX.formatHex(hashed),
              kind,
              Instant.ofEpochSecond(start + ids.first(r)),
              Instant.ofEpochSecond(start + ids.last(r)),
              ids.sightings(r),
              ids.rssi(r),
              aem == null ? null : HEX.formatHex(aem)));
    }
    // sorted by hash: publishes nothing about the order phones arrived in
    records.sort((a, b) -> a.id().compareTo(b.id()));
    Map<String, Long> adverts = new HashMap<>();
    Map<String, Integer> distinct = new HashMap<>();
    for (DeviceKind k : DeviceKind.values()) {
      adverts.put(k.wireName(), advertisements[k.ordinal()]);
      distinct.put(k.wireName(), k.carriesId() ? ids.distinct(k) : distinctAddresses[k.ordinal()]);
    }
    drop();
    return new EncounterBatch(
        bucket,
        key.keyId(),
        records,
        new BucketCounts(adverts, distinct, malformed, overflow, late, future, rebased, misplaced),
        partial);
  }

  /** Zeroes the raw IDs and forgets every ID and address. */
  void drop() {
    ids.wipe();
    addresses.clear();
  }

  /** Heap held by the ID table and the address set. */
  long retainedBytes() {
    return ids.retainedBytes() + addresses.retainedBytes();
  }
}
