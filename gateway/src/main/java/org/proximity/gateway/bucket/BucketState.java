package org.proximity.gateway.bucket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.proximity.gateway.ad.DeviceKind;

/** The open state of one bucket. Holds raw IDs and addresses: RAM only, dropped at close. */
final class BucketState {
  private static final HexFormat HEX = HexFormat.of();

  final TimeBucket bucket;
  private final EncounterAggregator.Limits limits;
  final Map<RawId, Tally> ids = new HashMap<>();
  private final Map<DeviceKind, Set<Long>> addresses = new EnumMap<>(DeviceKind.class);
  private final long[] advertisements = new long[DeviceKind.values().length];
  private int trackedAddresses;
  private long malformed;
  private long overflow;

  BucketState(TimeBucket bucket, EncounterAggregator.Limits limits) {
    this.bucket = bucket;
    this.limits = limits;
  }

  void sightId(Instant at, DeviceKind kind, byte[] rawId, byte[] metadata, int rssi) {
    advertisements[kind.ordinal()]++;
    RawId key = new RawId(kind, rawId);
    Tally t = ids.get(key);
    if (t == null) {
      if (ids.size() >= limits.maxTrackedIds()) {
        overflow++;
        return;
      }
      t = new Tally(at.getEpochSecond(), metadata);
      ids.put(key, t);
    }
    t.add(at.getEpochSecond(), rssi);
  }

  void sightPresence(DeviceKind kind, long address, boolean isMalformed) {
    advertisements[kind.ordinal()]++;
    if (isMalformed) {
      malformed++;
    }
    Set<Long> seen = addresses.computeIfAbsent(kind, k -> new HashSet<>());
    if (!seen.contains(address)) {
      if (trackedAddresses >= limits.maxTrackedAddresses()) {
        overflow++;
        return;
      }
      seen.add(address);
      trackedAddresses++;
    }
  }

  EncounterBatch toBatch(HashingKey key, boolean partial, long late) {
    List<EncounterRecord> records = new ArrayList<>(ids.size());
    Map<String, Integer> distinct = new HashMap<>();
    for (Map.Entry<RawId, Tally> e : ids.entrySet()) {
      RawId raw = e.getKey();
      Tally t = e.getValue();
      String kind = raw.kind.wireName();
      distinct.merge(kind, 1, Integer::sum);
      records.add(
          new EncounterRecord(
              HEX.formatHex(key.recordId(kind, raw.bytes)),
              kind,
              Instant.ofEpochSecond(t.first),
              Instant.ofEpochSecond(t.last),
              t.sightings,
              t.rssi.summary(),
              t.metadata == null ? null : HEX.formatHex(t.metadata)));
    }
    // sorted by hash: publishes nothing about the order phones arrived in
    records.sort((a, b) -> a.id().compareTo(b.id()));
    addresses.forEach((kind, set) -> distinct.put(kind.wireName(), set.size()));
    Map<String, Long> adverts = new HashMap<>();
    for (DeviceKind k : DeviceKind.values()) {
      adverts.put(k.wireName(), advertisements[k.ordinal()]);
    }
    for (DeviceKind k : DeviceKind.values()) {
      distinct.putIfAbsent(k.wireName(), 0);
    }
    ids.clear();
    addresses.clear();
    return new EncounterBatch(
        bucket, key.keyId(), records, new BucketCounts(adverts, distinct, malformed, overflow, late), partial);
  }

  /** A raw rolling ID with its protocol; equality over the bytes. Never printed. */
  static final class RawId {
    final DeviceKind kind;
    final byte[] bytes;
    private final int hash;

    RawId(DeviceKind kind, byte[] bytes) {
      this.kind = kind;
      this.bytes = bytes.clone();
      this.hash = 31 * kind.hashCode() + Arrays.hashCode(this.bytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof RawId r && r.kind == kind && Arrays.equals(r.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return "RawId[" + kind + ", redacted]";
    }
  }

  /** Running statistics of one ID in one bucket. */
  static final class Tally {
    long first;
    long last;
    int sightings;
    final byte[] metadata;
    final RssiHistogram rssi = new RssiHistogram();

    Tally(long first, byte[] metadata) {
      this.first = first;
      this.last = first;
      this.metadata = metadata == null ? null : metadata.clone();
    }

    void add(long epochSecond, int rssiDbm) {
      // sightings can arrive slightly out of order from several sources; keep first <= last
      first = Math.min(first, epochSecond);
      last = Math.max(last, epochSecond);
      sightings++;
      rssi.add(rssiDbm);
    }
  }
}
