package org.proximity.backend.records;

import java.util.Iterator;
import org.proximity.backend.match.StoredRecord;

/**
 * What a {@link RecordSource} tells its reader: the key id and record count of each batch, and the
 * records that may match. A source that streams every record asks {@link #wants} first, so that it
 * builds almost none; a store with an id index looks up {@link #candidateIds} instead.
 */
public interface RecordVisitor {
  /** A message (or group of messages) of {@code site} for bucket day {@code epochDay} hashed under {@code keyId}. */
  void batchKey(String site, long epochDay, String keyId, long records);

  /** Whether the record is worth reading in full; false for almost every record. */
  boolean wants(String site, long epochDay, String recordId);

  /** The only record ids that can match, once each, as 32 lowercase hex characters in ascending order. */
  Iterator<String> candidateIds();

  /** A record that may match: {@link #wants} accepted it, or its id is one of the {@link #candidateIds}. */
  void record(StoredRecord record);
}
