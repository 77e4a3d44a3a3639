package org.proximity.gateway.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.proximity.contract.payload.BucketCounts;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.EncounterBatch;
import org.proximity.contract.payload.EncounterRecord;
import org.proximity.contract.payload.RssiSummary;
import org.proximity.contract.payload.TimeBucket;
import org.proximity.contract.payload.TopicScheme;

class BatchPublisherTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2024-10-04T10:00:00Z");
  private final TopicScheme topics = new TopicScheme("proximity", "ben-xe-mien-dong", "bay-03");
  private final MemoryOutbox outbox = new MemoryOutbox();
  private int wakes;

  private EncounterBatch batch(int records) {
    List<EncounterRecord> rs = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      rs.add(
          new EncounterRecord(
              String.format("%032x", i),
              i % 2 == 0 ? "gaen" : "bluezone",
              START.plusSeconds(i),
              START.plusSeconds(i + 60),
              3,
              new RssiSummary(-80, -70, -60),
              i % 2 == 0 ? "72033874" : null));
    }
    BucketCounts counts =
        new BucketCounts(Map.of("gaen", 10L, "apple", 4L), Map.of("gaen", 2, "apple", 1), 1, 0, 0);
    return new EncounterBatch(new TimeBucket(START, BucketWidth.DEFAULT), "0a1b2c3d", rs, counts, false);
  }

  private BatchPublisher publisher(int maxRecords) {
    return new BatchPublisher(
        topics, outbox.sequence(), outbox, InstantSource.fixed(START), maxRecords, () -> wakes++);
  }

  @Test
  void publish_smallBatch_writesOneMessageWithTheContractFields() throws IOException {
    assertEquals(1, publisher(500).publish(batch(2)));

    List<OutboundMessage> pending = outbox.pendingAfter(Long.MIN_VALUE, 10);
    assertEquals(1, pending.size());
    assertEquals("proximity/ben-xe-mien-dong/bay-03/encounters", pending.get(0).topic());
    JsonNode j = JSON.readTree(pending.get(0).payload());
    assertEquals("proximity-gateway/encounters/2", j.get("schema").asText());
    assertEquals("ben-xe-mien-dong", j.get("site").asText());
    assertEquals("bay-03", j.get("gateway").asText());
    assertEquals(1, j.get("seq").asLong());
    assertTrue(j.get("batch").asText().endsWith("/1"));
    assertEquals("2024-10-04T10:00:00Z", j.get("bucket").get("start").asText());
    assertEquals(30, j.get("bucket").get("minutes").asInt());
    assertEquals("0a1b2c3d", j.get("key").asText());
    JsonNode r0 = j.get("records").get(0);
    assertEquals("00000000000000000000000000000000", r0.get("id").asText());
    assertEquals("gaen", r0.get("kind").asText());
    assertEquals("2024-10-04T10:00:00Z", r0.get("first").asText());
    assertEquals("2024-10-04T10:01:00Z", r0.get("last").asText());
    assertEquals(3, r0.get("n").asInt());
    assertEquals(-70, r0.get("rssi").get("median").asInt());
    assertEquals("72033874", r0.get("aem").asText());
    assertFalse(j.get("records").get(1).has("aem"));
    assertEquals(10, j.get("counts").get("advertisements").get("gaen").asLong());
    assertEquals(1, j.get("counts").get("malformed").asLong());
    assertEquals(1, wakes);
  }

  @Test
  void publish_largeBatch_splitsIntoPartsWithConsecutiveSeqAndEveryRecordOnce() throws IOException {
    assertEquals(3, publisher(4).publish(batch(10)));

    List<OutboundMessage> pending = outbox.pendingAfter(Long.MIN_VALUE, 10);
    List<String> ids = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      JsonNode j = JSON.readTree(pending.get(p).payload());
      assertEquals(p + 1, j.get("seq").asLong());
      assertEquals(p, j.get("part").get("index").asInt());
      assertEquals(3, j.get("part").get("count").asInt());
      j.get("records").forEach(r -> ids.add(r.get("id").asText()));
    }
    assertEquals(10, ids.size());
    assertEquals(10, ids.stream().distinct().count());
  }

  @Test
  void publish_emptyBatch_stillPublishesTheCounts() throws IOException {
    assertEquals(1, publisher(500).publish(batch(0)));
    JsonNode j = JSON.readTree(outbox.pendingAfter(Long.MIN_VALUE, 1).get(0).payload());
    assertEquals(0, j.get("records").size());
    assertEquals(4, j.get("counts").get("advertisements").get("apple").asLong());
  }

  @Test
  void topicScheme_wildcardInSite_isRejectedNamingTheKey() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new TopicScheme("proximity", "a/+", "g"));
    assertTrue(e.getMessage().startsWith("site must be"), e.getMessage());
    assertTrue(e.getMessage().contains("a/+"), e.getMessage());
  }
}
