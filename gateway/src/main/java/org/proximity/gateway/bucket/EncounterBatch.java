package org.proximity.gateway.bucket;

import java.util.List;
import java.util.Objects;

/**
 * A closed bucket: its records, hashed under the key named by {@code keyId}, and its counts.
 * {@code partial} is true when the bucket was cut short (shutdown before its end).
 */
public record EncounterBatch(
    TimeBucket bucket, String keyId, List<EncounterRecord> records, BucketCounts counts, boolean partial) {

  public EncounterBatch {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(keyId, "keyId");
    records = List.copyOf(records);
    Objects.requireNonNull(counts, "counts");
  }
}
