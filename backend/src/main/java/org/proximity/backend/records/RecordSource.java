package org.proximity.backend.records;

import java.util.Map;

/** Where encounter records come from: a JSON-lines file of batches or the collector's SQL store. */
public interface RecordSource {
  /**
   * Streams every record once, never holding the whole source in memory.
   *
   * @param kind the record kind of interest ({@code gaen} or {@code bluezone}); others may be left out
   * @param fromDay first bucket day of interest (inclusive); records outside may be left out
   * @param toDay last bucket day of interest (inclusive)
   */
  void scan(String kind, long fromDay, long toDay, RecordVisitor visitor) throws RecordSourceException;

  /** What was skipped as unreadable, by reason (for the summary); empty when nothing was. */
  Map<String, Long> skippedByReason();

  /** Messages (JSON lines) or batches (store rows) read. */
  long messages();
}
