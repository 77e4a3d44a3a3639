package org.proximity.backend.match;

import java.util.Objects;
import org.proximity.contract.payload.EncounterRecord;
import org.proximity.contract.payload.TimeBucket;

/** One encounter record as a store yields it: with the site, gateway, bucket and key id of its batch. */
public record StoredRecord(String site, String gateway, TimeBucket bucket, String keyId, EncounterRecord record) {
  public StoredRecord {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(record, "record");
  }
}
