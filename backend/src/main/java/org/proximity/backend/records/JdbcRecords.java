package org.proximity.backend.records;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.proximity.backend.match.StoredRecord;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.EncounterRecord;
import org.proximity.contract.payload.RssiSummary;
import org.proximity.contract.payload.TimeBucket;

/**
 * The collector's store (tables {@code records} and {@code batches}, docs/backend.md), read through
 * JDBC in one forward pass: rows stream with a bounded fetch size, and for each row only the id,
 * site and bucket are read unless the visitor wants the record. Works on SQLite and PostgreSQL.
 */
public final class JdbcRecords implements RecordSource {
  private static final long SECONDS_PER_DAY = 86_400;
  private static final int FETCH_SIZE = 10_000;
  // id, site, bucket_start first: the only columns read for a row that cannot match
  private static final String RECORDS = "SELECT id, site, bucket_start, gateway, bucket_minutes, kind, first_seen,"
      + " last_seen, n, rssi_min, rssi_median, rssi_max, aem FROM records"
      + " WHERE bucket_start >= ? AND bucket_start < ? AND kind = ?";
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
      connection.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
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
      try (PreparedStatement q = connection.prepareStatement(RECORDS, ResultSet.TYPE_FORWARD_ONLY,
          ResultSet.CONCUR_READ_ONLY)) {
        q.setFetchSize(FETCH_SIZE);
        q.setLong(1, from);
        q.setLong(2, to);
        q.setString(3, kind);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            row(rs, visitor);
          }
        }
      }
      connection.rollback(); // read only: end the transaction
    } catch (SQLException e) {
      throw new RecordSourceException(RecordSourceException.Kind.READ_FAILED,
          "reading the store failed: " + e.getMessage());
    }
  }

  private void row(ResultSet rs, RecordVisitor visitor) throws SQLException {
    String id = rs.getString(1);
    String site = rs.getString(2);
    long bucketStart = rs.getLong(3);
    long day = Math.floorDiv(bucketStart, SECONDS_PER_DAY);
    if (!visitor.wants(site, day, id)) {
      visitor.skipped(site);
      return;
    }
    try {
      String aem = rs.getString(13);
      visitor.record(new StoredRecord(site, rs.getString(4),
          new TimeBucket(Instant.ofEpochSecond(bucketStart), new BucketWidth(rs.getInt(5))),
          new EncounterRecord(id, rs.getString(6), Instant.ofEpochSecond(rs.getLong(7)),
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
