package org.proximity.backend.collect;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.proximity.backend.TestBatches.topic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.backend.TestBatches;
import org.proximity.backend.TestConfigs;
import org.proximity.backend.config.BackendConfig;
import org.proximity.backend.store.PostgresCluster;
import org.proximity.backend.store.Store;
import org.proximity.common.mqtt.MqttSettingsFactory;
import org.proximity.common.testing.MosquittoBroker;

/** The collector against a real Mosquitto, into SQLite (and, sharing a fleet, into PostgreSQL). */
public class CollectorIT {
  @TempDir Path dir;

  public static long count(Path db, String sql) throws SQLException {
    return count(db.toString(), sql);
  }

  /** {@code store}: an SQLite file or a JDBC URL, as {@code store.url}. */
  static long count(String store, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(Store.jdbcUrl(store));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static Collector start(BackendConfig cfg, Store store) throws Exception {
    Collector c = new Collector(cfg, MqttSettingsFactory.from(cfg.mqtt().broker(), cfg.collector().name()), store,
        Clock.systemUTC());
    c.start();
    return c;
  }

  /** Retained before the collector subscribes: once it is stored, the subscription is in place. */
  static void awaitSubscribed(Publisher pub, Path db, String gateway) throws Exception {
    pub.publish(topic(gateway, "status"), "online".getBytes(StandardCharsets.UTF_8), true);
    await().atMost(Duration.ofSeconds(30))
        .until(() -> count(db, "SELECT COUNT(*) FROM gateway_status WHERE gateway = '" + gateway + "'") == 1);
  }

  @Test
  void everyBatchOnce_copiesCounted_badPayloadsQuarantined_theRestKept() throws Exception {
    Path db = dir.resolve("store.db");
    try (MosquittoBroker broker = MosquittoBroker.startTemporary();
        Store store = Store.open(db.toString(), null, null);
        Publisher pub = new Publisher(broker.url(), "gw")) {
      BackendConfig cfg = TestConfigs.config(broker.url(), db, "c1", "");
      List<String> health = new CopyOnWriteArrayList<>();
      try (Collector collector = start(cfg, store);
          MqttClient watcher = broker.subscribe("watcher", "proximity/backend/c1/health",
              (t, p) -> health.add(new String(p, StandardCharsets.UTF_8)))) {
        awaitSubscribed(pub, db, "bay-03");
        for (int seq = 1; seq <= 40; seq++) {
          byte[] batch = TestBatches.encounters("bay-03", seq, 10);
          pub.publish(topic("bay-03", "encounters"), batch, false);
          pub.publish(topic("bay-03", "encounters"), batch, false); // a redelivery
        }
        pub.publish(topic("bay-03", "encounters"), "not json");
        pub.publish(topic("bay-03", "encounters"), "{\"schema\":\"proximity-gateway/encounters/9\"}");
        pub.publish(topic("bay-04", "encounters"), TestBatches.encounters("bay-03", 41, 1), false); // wrong topic
        pub.publish(topic("bay-03", "encounters"), "not json"); // the same again: one row, two copies
        byte[] crowd = TestBatches.crowd("bay-03", TestBatches.BUCKET);
        pub.publish(topic("bay-03", "crowd"), crowd, false);
        pub.publish(topic("bay-03", "crowd"), crowd, false);
        pub.publish(topic("bay-03", "status"), "offline");

        await().atMost(Duration.ofSeconds(30)).until(() -> count(db, "SELECT COUNT(*) FROM batches") == 40
            && count(db, "SELECT COALESCE(SUM(copies), 0) FROM quarantine") == 4
            && count(db, "SELECT COUNT(*) FROM gateway_status WHERE status = 'offline'") == 1
            && count(db, "SELECT COUNT(*) FROM crowd_minutes WHERE duplicates = 1") == 1);
        assertEquals(400, count(db, "SELECT COUNT(*) FROM records"));
        assertEquals(40, count(db, "SELECT SUM(duplicates) FROM batches"));
        Map<String, Long> reasons = new HashMap<>();
        for (String r : new String[] {"not_json", "unknown_schema", "invalid"}) {
          reasons.put(r, count(db, "SELECT COALESCE(SUM(copies), 0) FROM quarantine WHERE reason = '" + r + "'"));
        }
        assertEquals(Map.of("not_json", 2L, "unknown_schema", 1L, "invalid", 1L), reasons);
        CollectorStats.Snapshot s = collector.stats().snapshot();
        assertEquals(400, s.records());
        assertEquals(41, s.duplicates());
        assertEquals(2, s.rejected().get(Inbound.Reason.NOT_JSON));
        assertTrue(s.commits() > 0);
        // every health_seconds (1 s here): the counters, published retained
        await().atMost(Duration.ofSeconds(10)).until(() -> health.stream().anyMatch(h -> h.contains("\"records\":400")));
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(
            CollectorIT.class.getResourceAsStream("/org/proximity/contract/schema/collector-health.schema.json"));
        assertEquals(Set.of(), schema.validate(new ObjectMapper().readTree(health.get(health.size() - 1))));
        watcher.disconnect();
      }
    }
  }

  @Test
  void twoCollectorsOnOneShareGroup_storeEveryBatchExactlyOnce() throws Exception {
    Path db = dir.resolve("store.db");
    twoCollectorsOnOneShareGroup(db.toString());
  }

  /** The same on PostgreSQL, where the records go in by COPY. */
  @Test
  void twoCollectorsOnOneShareGroup_intoPostgresql_storeEveryBatchExactlyOnce() throws Exception {
    try (PostgresCluster pg = PostgresCluster.start(false)) {
      twoCollectorsOnOneShareGroup(pg.newDatabase());
    }
  }

  private void twoCollectorsOnOneShareGroup(String url) throws Exception {
    int batches = 300;
    try (MosquittoBroker broker = MosquittoBroker.in(dir.resolve("broker")).unboundedQueues().start();
        Store s1 = Store.open(url, null, null);
        Store s2 = Store.open(url, null, null);
        Publisher pub = new Publisher(broker.url(), "gw")) {
      try (Collector c1 = start(TestConfigs.config(broker.url(), url, "c1", "fleet"), s1);
          Collector c2 = start(TestConfigs.config(broker.url(), url, "c2", "fleet"), s2)) {
        // shared subscriptions get no retained messages: wait for both SUBACKs instead
        await().atMost(Duration.ofSeconds(30)).until(() -> c1.subscribed() && c2.subscribed());
        // every batch twice, in two passes: the broker hands shared messages out in turn, so copies
        // published back to back would always reach c1 first and c2 would only ever see duplicates
        for (int pass = 0; pass < 2; pass++) {
          for (int seq = 1; seq <= batches; seq++) {
            pub.publish(topic("bay-01", "encounters"), TestBatches.encounters("bay-01", seq, 5), false);
          }
        }
        await().atMost(Duration.ofSeconds(60)).until(
            () -> count(url, "SELECT COUNT(*) FROM batches")
                + count(url, "SELECT COALESCE(SUM(duplicates), 0) FROM batches") == 2L * batches);
        assertEquals(batches, count(url, "SELECT COUNT(*) FROM batches"));
        assertEquals(5L * batches, count(url, "SELECT COUNT(*) FROM records"));
        assertEquals(batches, count(url, "SELECT COUNT(DISTINCT batch) FROM records"));
        assertEquals(2, count(url, "SELECT COUNT(DISTINCT collector) FROM batches"), "both collectors took a share");
        assertEquals(batches, c1.stats().snapshot().duplicates() + c2.stats().snapshot().duplicates());
      }
    }
  }
}
