package org.proximity.backend.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How many (site, gateway, epoch) streams the store holds and how many of their seqs are missing:
 * per stream, the highest seq minus the number stored (seqs start at 1 in every epoch). For the
 * collector's health; {@code gaps} lists the ranges.
 */
public record GapSummary(long streams, long missing) {

  public static GapSummary of(Store store) throws SQLException {
    try (Statement s = store.connection().createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*), COALESCE(SUM(last_seq - stored), 0) FROM"
            + " (SELECT MAX(seq) AS last_seq, COUNT(*) AS stored FROM batches GROUP BY site, gateway, epoch) t")) {
      rs.next();
      GapSummary g = new GapSummary(rs.getLong(1), rs.getLong(2));
      store.endRead();
      return g;
    }
  }
}
