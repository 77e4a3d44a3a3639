package org.proximity.contract.payload;

import java.util.List;
import java.util.Objects;

/**
 * A closed bucket: its records, hashed under the key named by {@code keyId}, and its counts.
 * {@code partial} is true when the bucket was cut short (shutdown before its end). {@code clock}
 * says whether the wall clock was synchronised, which a backend needs for Bluezone's strict slots.
 */
public record EncounterBatch(
    TimeBucket bucket,
    String keyId,
    List<EncounterRecord> records,
    BucketCounts counts,
    boolean partial,
    ClockState clock) {

  public EncounterBatch {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(keyId, "keyId");
    records = List.copyOf(records);
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(clock, "clock");
  }

  public EncounterBatch(
      TimeBucket bucket, String keyId, List<EncounterRecord> records, BucketCounts counts, boolean partial) {
    this(bucket, keyId, records, counts, partial, ClockState.UNKNOWN);
  }

  public EncounterBatch withClock(ClockState state) {
    return new EncounterBatch(bucket, keyId, records, counts, partial, state);
  }
}
