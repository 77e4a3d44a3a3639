package org.proximity.backend.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongSupplier;
import org.proximity.backend.collect.Inbound;
import org.proximity.contract.payload.BatchCodec;
import org.proximity.contract.payload.EncounterBatch;
import org.proximity.contract.payload.EncounterRecord;

/**
 * Writes messages to the store, several in one transaction. Exactly once: an encounters message
 * is inserted keyed by its {@code batch} with {@code ON CONFLICT DO NOTHING}, and its records only
 * when that insert added the row, in the same transaction (on PostgreSQL by one COPY at the end
 * of the group, {@link RecordCopy}); a copy that finds the row (a
 * redelivery, or another collector's) only raises the row's {@code duplicates}. The same holds
 * across collectors on one PostgreSQL: the second insert of a key waits for the first
 * transaction and then does nothing. Not thread-safe: the collector's writer thread owns it.
 */
public final class StoreWriter implements AutoCloseable {

  /** What happened to one message. */
  public enum Outcome {
    STORED,
    DUPLICATE,
    QUARANTINED
  }

  private static final String INSERT_BATCH =
      "INSERT INTO batches (batch, site, gateway, epoch, seq, bucket_start, bucket_minutes, part_index,"
          + " part_count, partial, key_id, clock_synced, clock_source, counts, record_count, received_at, collector)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (batch) DO NOTHING";
  private static final String BATCH_DUPLICATE = "UPDATE batches SET duplicates = duplicates + 1 WHERE batch = ?";
  private static final String INSERT_RECORD =
      "INSERT INTO records (id, site, gateway, bucket_start, bucket_minutes, kind, first_seen, last_seen, n,"
          + " rssi_min, rssi_median, rssi_max, aem, batch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String INSERT_CROWD =
      "INSERT INTO crowd_minutes (site, gateway, minute, advertisements, distinct_counts, bluezone_ios_presences,"
          + " malformed, overflow, late, future, received_at, collector) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (site, gateway, minute) DO NOTHING";
  private static final String CROWD_DUPLICATE =
      "UPDATE crowd_minutes SET duplicates = duplicates + 1 WHERE site = ? AND gateway = ? AND minute = ?";
  private static final String UPSERT_HEALTH =
      "INSERT INTO gateway_health (site, gateway, sent_at, payload, received_at, collector) VALUES (?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (site, gateway) DO UPDATE SET sent_at = excluded.sent_at, payload = excluded.payload,"
          + " received_at = excluded.received_at, collector = excluded.collector"
          + " WHERE excluded.sent_at >= gateway_health.sent_at";
  private static final String UPSERT_STATUS =
      "INSERT INTO gateway_status (site, gateway, status, received_at, collector) VALUES (?, ?, ?, ?, ?)"
          + " ON CONFLICT (site, gateway) DO UPDATE SET status = excluded.status,"
          + " received_at = excluded.received_at, collector = excluded.collector";
  private static final String INSERT_QUARANTINE =
      "INSERT INTO quarantine (digest, topic, site, gateway, reason, detail, payload, received_at, collector)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (digest) DO UPDATE SET copies = quarantine.copies + 1, received_at = excluded.received_at";

  private final Store store;
  private final String collector;
  private final LongSupplier nowMillis;
  private final PreparedStatement insertBatch;
  private final PreparedStatement batchDuplicate;
  private final PreparedStatement insertRecord;
  private final PreparedStatement insertCrowd;
  private final PreparedStatement crowdDuplicate;
  private final PreparedStatement upsertHealth;
  private final PreparedStatement upsertStatus;
  private final PreparedStatement insertQuarantine;
  /** PostgreSQL: records go by COPY (null on SQLite, which inserts them with {@link #insertRecord}). */
  private final RecordCopy recordCopy;

  /** {@code nowMillis}: the wall clock for {@code received_at}. */
  public StoreWriter(Store store, String collector, LongSupplier nowMillis) throws SQLException {
    this.store = store;
    Connection c = store.connection();
    this.collector = collector;
    this.nowMillis = nowMillis;
    insertBatch = c.prepareStatement(INSERT_BATCH);
    batchDuplicate = c.prepareStatement(BATCH_DUPLICATE);
    insertRecord = c.prepareStatement(INSERT_RECORD);
    insertCrowd = c.prepareStatement(INSERT_CROWD);
    crowdDuplicate = c.prepareStatement(CROWD_DUPLICATE);
    upsertHealth = c.prepareStatement(UPSERT_HEALTH);
    upsertStatus = c.prepareStatement(UPSERT_STATUS);
    insertQuarantine = c.prepareStatement(INSERT_QUARANTINE);
    recordCopy = store.dialect() == Store.Dialect.POSTGRESQL ? new RecordCopy() : null;
  }

  /**
   * Writes {@code items} in one transaction and commits; on any failure rolls back and throws, and
   * nothing of the group is stored. Returns one outcome per item, in order.
   */
  public List<Outcome> write(List<? extends Inbound> items) throws SQLException {
    List<Outcome> outcomes = new ArrayList<>(items.size());
    long now = nowMillis.getAsLong();
    try {
      store.begin();
      boolean records = false;
      for (Inbound item : items) {
        Outcome o = writeOne(item, now);
        records |= o == Outcome.STORED && item instanceof Inbound.Encounters;
        outcomes.add(o);
      }
      if (records && recordCopy != null) {
        recordCopy.send(store.connection());
      } else if (records) {
        insertRecord.executeBatch();
      }
      store.commit();
      return outcomes;
    } catch (SQLException | RuntimeException e) {
      insertRecord.clearBatch();
      if (recordCopy != null) {
        recordCopy.clear();
      }
      try {
        store.rollback();
      } catch (SQLException r) {
        e.addSuppressed(r);
      }
      throw e;
    }
  }

  private Outcome writeOne(Inbound item, long now) throws SQLException {
    if (item instanceof Inbound.Encounters e) {
      return encounters(e, now);
    } else if (item instanceof Inbound.Crowd m) {
      return crowd(m, now);
    } else if (item instanceof Inbound.Health h) {
      int i = 0;
      upsertHealth.setString(++i, h.site());
      upsertHealth.setString(++i, h.gateway());
      upsertHealth.setLong(++i, h.time().getEpochSecond());
      upsertHealth.setString(++i, h.json());
      upsertHealth.setLong(++i, now);
      upsertHealth.setString(++i, collector);
      upsertHealth.executeUpdate();
      return Outcome.STORED;
    } else if (item instanceof Inbound.Status s) {
      int i = 0;
      upsertStatus.setString(++i, s.site());
      upsertStatus.setString(++i, s.gateway());
      upsertStatus.setString(++i, s.word());
      upsertStatus.setLong(++i, now);
      upsertStatus.setString(++i, collector);
      upsertStatus.executeUpdate();
      return Outcome.STORED;
    }
    return quarantine((Inbound.Rejected) item, now);
  }

  private Outcome encounters(Inbound.Encounters e, long now) throws SQLException {
    BatchCodec.Envelope env = e.message().envelope();
    EncounterBatch b = e.message().batch();
    String batch = env.batchId();
    int i = 0;
    insertBatch.setString(++i, batch);
    insertBatch.setString(++i, env.site());
    insertBatch.setString(++i, env.gateway());
    insertBatch.setString(++i, env.epoch());
    insertBatch.setLong(++i, env.seq());
    insertBatch.setLong(++i, b.bucket().start().getEpochSecond());
    insertBatch.setInt(++i, b.bucket().width().minutes());
    insertBatch.setInt(++i, env.partIndex());
    insertBatch.setInt(++i, env.partCount());
    insertBatch.setBoolean(++i, b.partial());
    insertBatch.setString(++i, b.keyId());
    insertBatch.setBoolean(++i, b.clock().synced());
    insertBatch.setString(++i, b.clock().source());
    insertBatch.setString(++i, e.countsJson());
    insertBatch.setInt(++i, b.records().size());
    insertBatch.setLong(++i, now);
    insertBatch.setString(++i, collector);
    if (insertBatch.executeUpdate() == 0) {
      batchDuplicate.setString(1, batch);
      batchDuplicate.executeUpdate();
      return Outcome.DUPLICATE;
    }
    if (recordCopy != null) {
      for (EncounterRecord r : b.records()) {
        recordCopy.add(r, env.site(), env.gateway(), b, batch);
      }
      return Outcome.STORED;
    }
    for (EncounterRecord r : b.records()) {
      int k = 0;
      insertRecord.setString(++k, r.id());
      insertRecord.setString(++k, env.site());
      insertRecord.setString(++k, env.gateway());
      insertRecord.setLong(++k, b.bucket().start().getEpochSecond());
      insertRecord.setInt(++k, b.bucket().width().minutes());
      insertRecord.setString(++k, r.kind());
      insertRecord.setLong(++k, r.first().getEpochSecond());
      insertRecord.setLong(++k, r.last().getEpochSecond());
      insertRecord.setInt(++k, r.sightings());
      insertRecord.setInt(++k, r.rssi().min());
      insertRecord.setInt(++k, r.rssi().median());
      insertRecord.setInt(++k, r.rssi().max());
      if (r.aem() == null) {
        insertRecord.setNull(++k, Types.CHAR);
      } else {
        insertRecord.setString(++k, r.aem());
      }
      insertRecord.setString(++k, batch);
      insertRecord.addBatch();
    }
    return Outcome.STORED;
  }

  private Outcome crowd(Inbound.Crowd m, long now) throws SQLException {
    int i = 0;
    insertCrowd.setString(++i, m.site());
    insertCrowd.setString(++i, m.gateway());
    insertCrowd.setLong(++i, m.minute().getEpochSecond());
    insertCrowd.setString(++i, m.advertisementsJson());
    insertCrowd.setString(++i, m.distinctJson());
    insertCrowd.setLong(++i, m.bluezoneIosPresences());
    insertCrowd.setLong(++i, m.malformed());
    insertCrowd.setLong(++i, m.overflow());
    insertCrowd.setLong(++i, m.late());
    insertCrowd.setLong(++i, m.future());
    insertCrowd.setLong(++i, now);
    insertCrowd.setString(++i, collector);
    if (insertCrowd.executeUpdate() == 0) {
      crowdDuplicate.setString(1, m.site());
      crowdDuplicate.setString(2, m.gateway());
      crowdDuplicate.setLong(3, m.minute().getEpochSecond());
      crowdDuplicate.executeUpdate();
      return Outcome.DUPLICATE;
    }
    return Outcome.STORED;
  }

  private Outcome quarantine(Inbound.Rejected r, long now) throws SQLException {
    int i = 0;
    insertQuarantine.setString(++i, digest(r.topic(), r.payload()));
    insertQuarantine.setString(++i, r.topic());
    insertQuarantine.setString(++i, r.site());
    insertQuarantine.setString(++i, r.gateway());
    insertQuarantine.setString(++i, r.reason().wireName());
    insertQuarantine.setString(++i, r.detail());
    insertQuarantine.setBytes(++i, r.payload());
    insertQuarantine.setLong(++i, now);
    insertQuarantine.setString(++i, collector);
    insertQuarantine.executeUpdate();
    return Outcome.QUARANTINED;
  }

  static String digest(String topic, byte[] payload) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(topic.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      return HexFormat.of().formatHex(sha.digest(payload));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @Override
  public void close() throws SQLException {
    for (PreparedStatement s : List.of(insertBatch, batchDuplicate, insertRecord, insertCrowd, crowdDuplicate,
        upsertHealth, upsertStatus, insertQuarantine)) {
      s.close();
    }
  }
}
