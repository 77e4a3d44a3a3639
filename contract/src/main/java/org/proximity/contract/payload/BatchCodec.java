package org.proximity.contract.payload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The encounters payload, schema {@value #SCHEMA} (docs/payloads.md). Field names and order are a
 * contract with backends: add fields, never rename or remove them without a new schema version.
 */
public final class BatchCodec {
  public static final String SCHEMA = "proximity-gateway/encounters/2";
  private static final JsonFactory JSON = new JsonFactory();

  /** Who sent a part and where it stands in the gateway's sequence. */
  public record Envelope(String site, String gateway, String epoch, long seq, int partIndex, int partCount) {
    /** Stable across redeliveries of the same message: what a backend de-duplicates on. */
    public String batchId() {
      return site + "/" + gateway + "/" + epoch + "/" + seq;
    }
  }

  /** One message of a batch: its sequence number and payload. */
  public record Part(long seq, byte[] payload) {}

  /**
   * Encodes a batch as parts of at most {@code maxRecordsPerMessage} records (at least one part,
   * even for no records), each numbered with the next value of {@code sequence}.
   */
  public List<Part> encodeParts(String site, String gateway, SequenceCounter sequence,
      EncounterBatch batch, int maxRecordsPerMessage) {
    int total = batch.records().size();
    int parts = Math.max(1, (total + maxRecordsPerMessage - 1) / maxRecordsPerMessage);
    List<Part> out = new ArrayList<>(parts);
    for (int p = 0; p < parts; p++) {
      long seq = sequence.next();
      int from = p * maxRecordsPerMessage;
      int to = Math.min(total, from + maxRecordsPerMessage);
      Envelope env = new Envelope(site, gateway, sequence.epoch(), seq, p, parts);
      out.add(new Part(seq, encode(env, batch, from, to)));
    }
    return out;
  }

  /** Encodes records {@code [from, to)} of a batch as one message. */
  public byte[] encode(Envelope env, EncounterBatch batch, int from, int to) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 160 * (to - from));
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("schema", SCHEMA);
      g.writeStringField("site", env.site());
      g.writeStringField("gateway", env.gateway());
      g.writeStringField("epoch", env.epoch());
      g.writeNumberField("seq", env.seq());
      g.writeStringField("batch", env.batchId());
      g.writeObjectFieldStart("bucket");
      g.writeStringField("start", batch.bucket().start().toString());
      g.writeNumberField("minutes", batch.bucket().width().minutes());
      g.writeEndObject();
      g.writeBooleanField("partial", batch.partial());
      g.writeObjectFieldStart("part");
      g.writeNumberField("index", env.partIndex());
      g.writeNumberField("count", env.partCount());
      g.writeEndObject();
      g.writeStringField("key", batch.keyId());
      g.writeObjectFieldStart("clock");
      g.writeBooleanField("synced", batch.clock().synced());
      g.writeStringField("source", batch.clock().source());
      g.writeEndObject();
      writeRecords(g, batch.records().subList(from, to));
      writeCounts(g, batch.counts());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    return out.toByteArray();
  }

  private static void writeRecords(JsonGenerator g, List<EncounterRecord> records) throws IOException {
    g.writeArrayFieldStart("records");
    for (EncounterRecord r : records) {
      g.writeStartObject();
      g.writeStringField("id", r.id());
      g.writeStringField("kind", r.kind());
      g.writeStringField("first", r.first().toString());
      g.writeStringField("last", r.last().toString());
      g.writeNumberField("n", r.sightings());
      g.writeObjectFieldStart("rssi");
      g.writeNumberField("min", r.rssi().min());
      g.writeNumberField("median", r.rssi().median());
      g.writeNumberField("max", r.rssi().max());
      g.writeEndObject();
      if (r.aem() != null) {
        g.writeStringField("aem", r.aem());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writeCounts(JsonGenerator g, BucketCounts c) throws IOException {
    g.writeObjectFieldStart("counts");
    g.writeObjectFieldStart("advertisements");
    for (Map.Entry<String, Long> e : new TreeMap<>(c.advertisements()).entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
    g.writeObjectFieldStart("distinct");
    for (Map.Entry<String, Integer> e : new TreeMap<>(c.distinct()).entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
    g.writeNumberField("malformed", c.malformed());
    g.writeNumberField("overflow", c.overflow());
    g.writeNumberField("late", c.late());
    g.writeNumberField("future", c.future());
    g.writeNumberField("rebased", c.rebased());
    g.writeNumberField("misplaced", c.misplaced());
    g.writeEndObject();
  }
}
