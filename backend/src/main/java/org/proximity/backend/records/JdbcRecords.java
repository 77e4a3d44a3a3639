package org.proximity.backend.records;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.proximity.backend.match.StoredRecord;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.EncounterRecord;
import org.proximity.contract.payload.RssiSummary;
import org.proximity.contract.payload.TimeBucket;

/**
 * The collector's store (tables {@code records} and {@code batches}, docs/backend.md), read through
 * JDBC without reading every row: the candidate ids, ascending, are looked up in the {@code records_id}
 * index a few thousand at a time, so the work grows with the keys, not with the store, and only rows
 * that may match cross the driver. Works on SQLite and PostgreSQL.
 */
public final class JdbcRecords implements RecordSource {
  /** Ids per lookup: within both databases' bind-parameter limits, few round trips. */
  public static final int LOOKUP_IDS = 4096;
  private static final long SECONDS_PER_DAY = 86_400;
  // CAST: PostgreSQL compares id (CHAR) with a CHAR parameter through its index, not as text row by row
  private static final String RECORDS = "SELECT id, site, gateway, bucket_start, bucket_minutes, kind, first_seen,"
      + " last_seen, n, rssi_min, rssi_median, rssi_max, aem FROM records"
      + " WHERE kind = ? AND bucket_start >= ? AND bucket_start < ? AND id IN ("
      + String.join(", ", Collections.nCopies(LOOKUP_IDS, "CAST(? AS CHAR(32))")) + ")";
  private static final int FIRST_ID_PARAMETER = 4;
  private static final String KEYS = "SELECT site, bucket_start, key_id, SUM(record_count), COUNT(*) FROM batches"
      + " WHERE bucket_start >= ? AND bucket_start < ? GROUP BY site, bucket_start, key_id";

  private final Connection connection;
  private final Map<String, Long> skipped = new TreeMap<>();
  private long messages;

  /** Reads through {@code connection}; the caller opens and closes it. */
  public JdbcRecords(Connection connection) {
    this.connection = connection;
  }

  @Override
  public void scan(String kind, long fromDay, long toDay, RecordVisitor visitor) throws RecordSourceException {
    long from = fromDay * SECONDS_PER_DAY;
    long to = (toDay + 1) * SECONDS_PER_DAY;
    try {
      connection.setAutoCommit(false); // one snapshot for both queries
      try (PreparedStatement q = connection.prepareStatement(KEYS)) {
        q.setLong(1, from);
        q.setLong(2, to);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            long records = rs.getLong(4);
            messages += rs.getLong(5);
            visitor.batchKey(rs.getString(1), Math.floorDiv(rs.getLong(2), SECONDS_PER_DAY), rs.getString(3), records);
          }
        }
      }
      lookUp(kind, from, to, visitor);
      connection.rollback(); // read only: end the transaction
    } catch (SQLException e) {
      throw new RecordSourceException(RecordSourceException.Kind.READ_FAILED,
          "reading the store failed: " + e.getMessage());
    }
  }

  private void lookUp(String kind, long from, long to, RecordVisitor visitor) throws SQLException {
    try (PreparedStatement q = connection.prepareStatement(RECORDS)) {
      q.setString(1, kind);
      q.setLong(2, from);
      q.setLong(3, to);
      Iterator<String> ids = visitor.candidateIds();
      while (ids.hasNext()) {
        String id = null;
        int n = 0;
        for (; n < LOOKUP_IDS && ids.hasNext(); n++) {
          id = ids.next();
          q.setString(FIRST_ID_PARAMETER + n, id);
        }
        for (; n < LOOKUP_IDS; n++) {
          q.setString(FIRST_ID_PARAMETER + n, id); // IN ignores a repeat: one statement serves the last, short lookup
        }
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            row(rs, visitor);
          }
        }
      }
    }
  }

  private void row(ResultSet rs, RecordVisitor visitor) throws SQLException {
    try {
      String aem = rs.getString(13);
      visitor.record(new StoredRecord(rs.getString(2), rs.getString(3),
          new TimeBucket(Instant.ofEpochSecond(rs.getLong(4)), new BucketWidth(rs.getInt(5))),
          new EncounterRecord(rs.getString(1), rs.getString(6), Instant.ofEpochSecond(rs.getLong(7)),
              Instant.ofEpochSecond(rs.getLong(8)), rs.getInt(9),
              new RssiSummary(rs.getInt(10), rs.getInt(11), rs.getInt(12)), aem == null ? null : aem.strip())));
    } catch (IllegalArgumentException | NullPointerException e) {
      // the collector validated every payload; a row that breaks the rules was altered since
      skipped.merge("invalid_row", 1L, Long::sum);
    }
  }

  @Override
  public Map<String, Long> skippedByReason() {
    return Map.copyOf(skipped);
  }

  @Override
  public long messages() {
    return messages;
  }
}
