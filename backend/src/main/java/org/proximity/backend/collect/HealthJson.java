package org.proximity.backend.collect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** The collector's own health, schema {@value #SCHEMA} (docs/schema/collector-health.schema.json). */
final class HealthJson {
  static final String SCHEMA = "proximity-backend/collector-health/1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private HealthJson() {}

  static ObjectNode of(String collector, Instant time, long uptimeSeconds, CollectorStats.Snapshot s) {
    ObjectNode j = JSON.createObjectNode();
    j.put("schema", SCHEMA);
    j.put("collector", collector);
    j.put("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
    j.put("uptime_s", uptimeSeconds);
    ObjectNode m = j.putObject("messages");
    for (Map.Entry<Leaf, Long> e : s.messages().entrySet()) {
      m.put(e.getKey().level(), e.getValue());
    }
    j.put("records", s.records());
    j.put("duplicates", s.duplicates());
    ObjectNode r = j.putObject("rejected");
    for (Map.Entry<Inbound.Reason, Long> e : s.rejected().entrySet()) {
      r.put(e.getKey().wireName(), e.getValue());
    }
    ObjectNode g = j.putObject("gaps");
    g.put("streams", s.gapStreams());
    g.put("missing", s.gapMissing());
    ObjectNode db = j.putObject("db");
    db.put("commits", s.commits());
    db.put("failures", s.storeFailures());
    db.put("commit_ms_mean", s.meanCommitMicros() / 1000.0);
    db.put("commit_ms_max", s.maxCommitMicros() / 1000.0);
    return j;
  }
}
