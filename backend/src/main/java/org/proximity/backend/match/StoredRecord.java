package org.proximity.backend.match;

import java.util.Objects;
import org.proximity.contract.payload.EncounterRecord;
import org.proximity.contract.payload.TimeBucket;

/** One encounter record as a store yields it: with the site, gateway and bucket of its batch. */
public record StoredRecord(String site, String gateway, TimeBucket bucket, EncounterRecord record) {
  public StoredRecord {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(record, "record");
  }
}
