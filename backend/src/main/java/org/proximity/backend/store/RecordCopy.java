package org.proximity.backend.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.proximity.contract.payload.EncounterBatch;
import org.proximity.contract.payload.EncounterRecord;

/**
 * PostgreSQL only: the records of a group as rows of one {@code COPY records FROM STDIN} in text
 * format, sent in the group's transaction after its batch rows. The server parses COPY rows far
 * more cheaply than multi-row INSERTs (docs/benchmarks.md). Not thread-safe, like StoreWriter.
 */
final class RecordCopy {
  private static final String COPY = "COPY records (id, site, gateway, bucket_start, bucket_minutes, kind, first_seen,"
      + " last_seen, n, rssi_min, rssi_median, rssi_max, aem, batch) FROM STDIN";

  private final StringBuilder rows = new StringBuilder(1 << 16);

  void add(EncounterRecord r, String site, String gateway, EncounterBatch b, String batch) {
    text(r.id()).append('\t');
    text(site).append('\t');
    text(gateway).append('\t');
    rows.append(b.bucket().start().getEpochSecond()).append('\t');
    rows.append(b.bucket().width().minutes()).append('\t');
    text(r.kind()).append('\t');
    rows.append(r.first().getEpochSecond()).append('\t');
    rows.append(r.last().getEpochSecond()).append('\t');
    rows.append(r.sightings()).append('\t');
    rows.append(r.rssi().min()).append('\t');
    rows.append(r.rssi().median()).append('\t');
    rows.append(r.rssi().max()).append('\t');
    if (r.aem() == null) {
      rows.append("\\N");
    } else {
      text(r.aem());
    }
    rows.append('\t');
    text(batch).append('\n');
  }

  /**
   * Appends {@code s} as a COPY text field: backslash, tab, newline and carriage return escaped
   * (PostgreSQL manual, COPY, "Text Format"); NUL is sent as it is, so that the server refuses it as
   * it refuses it in an INSERT.
   */
  private StringBuilder text(String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '\\' -> rows.append("\\\\");
        case '\t' -> rows.append("\\t");
        case '\n' -> rows.append("\\n");
        case '\r' -> rows.append("\\r");
        default -> rows.append(ch);
      }
    }
    return rows;
  }

  /** Sends the rows added since the last send or clear, then forgets them. */
  void send(Connection c) throws SQLException {
    byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
    clear();
    CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
    try {
      in.writeToCopy(bytes, 0, bytes.length);
      in.endCopy();
    } catch (SQLException e) {
      if (in.isActive()) {
        try {
          in.cancelCopy();
        } catch (SQLException cancel) {
          e.addSuppressed(cancel);
        }
      }
      throw e;
    }
  }

  void clear() {
    rows.setLength(0);
  }
}
