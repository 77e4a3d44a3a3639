package org.proximity.backend.records;

import org.proximity.backend.match.StoredRecord;

/**
 * What a {@link RecordSource} tells its reader while it streams: the key id of each batch, and each
 * record in two steps, so that a reader can skip almost every row after a look at three columns.
 */
public interface RecordVisitor {
  /** A message (or group of messages) of {@code site} for bucket day {@code epochDay} hashed under {@code keyId}. */
  void batchKey(String site, long epochDay, String keyId, long records);

  /** Whether the record is worth reading in full; false for almost every row. */
  boolean wants(String site, long epochDay, String recordId);

  /** A record {@link #wants} accepted, read in full. */
  void record(StoredRecord record);

  /** A record {@link #wants} declined. */
  void skipped(String site);
}
