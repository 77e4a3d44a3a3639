package org.proximity.contract.payload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.proximity.contract.payload.PayloadException.Reason;

/**
 * Reads an encounters message ({@value BatchCodec#SCHEMA}, docs/payloads.md) back into records: the
 * inverse of {@link BatchCodec}. Checks what the record types enforce, and the consistency rules a
 * consumer must check beyond the JSON Schema (docs/payloads.md, "Rules beyond the schema": the
 * {@code batch} id, part index within count, records inside their bucket, first not after last,
 * RSSI in order, no more distinct IDs or addresses than advertisements).
 * Unknown top-level fields are ignored, as the contract asks of consumers. Any input gives either a
 * message or a {@link PayloadException}; nothing else is thrown.
 */
public final class BatchDecoder {
  // a hostile payload must not make the parser build huge numbers or nest for ever
  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxNumberLength(32).build())
      .build());
  private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern AEM = Pattern.compile("[0-9a-f]{8}");
  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{8}");
  private static final Pattern EPOCH = Pattern.compile("[0-9a-f]{8}");
  private static final Pattern KIND_NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");

  private BatchDecoder() {}

  public static EncounterMessage decode(byte[] payload) throws PayloadException {
    return decode(parse(payload));
  }

  /**
   * Parses a payload into a JSON object, with the same limits on nesting and number length, so a
   * consumer that also validates against the JSON Schema parses each payload only once.
   */
  public static JsonNode parse(byte[] payload) throws PayloadException {
    JsonNode j;
    try {
      j = JSON.readTree(payload);
    } catch (JsonProcessingException e) {
      throw new PayloadException(Reason.NOT_JSON, "not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new PayloadException(Reason.NOT_JSON, "not JSON: " + e.getMessage());
    }
    if (j == null || !j.isObject()) {
      throw new PayloadException(Reason.NOT_JSON, "not a JSON object");
    }
    return j;
  }

  /** As {@link #decode(byte[])}, for an object already {@link #parse parsed}. */
  public static EncounterMessage decode(JsonNode j) throws PayloadException {
    return decode(j, false);
  }

  /**
   * As {@link #decode(JsonNode)}, and refuses as well what {@code encounters.schema.json} refuses and
   * {@code decode} lets by, for readers that ignore unknown fields: an unknown field in a nested object
   * (the schema closes them), a time in any form but {@code yyyy-MM-ddTHH:mm:ssZ}, an epoch that is not
   * 8 lowercase hex characters, a kind name in {@code counts} outside the schema's pattern. A consumer
   * bound to validate against the schema validates with this alone (the collector does;
   * {@code DecoderSchemaAgreementTest} shows that every payload the schema refuses is refused here).
   */
  public static EncounterMessage decodeValid(JsonNode j) throws PayloadException {
    return decode(j, true);
  }

  private static EncounterMessage decode(JsonNode j, boolean schema) throws PayloadException {
    String id = text(j, "schema");
    if (!BatchCodec.SCHEMA.equals(id)) {
      throw new PayloadException(Reason.UNKNOWN_SCHEMA, "schema must be " + BatchCodec.SCHEMA + ", was " + id);
    }
    try {
      return read(j, schema);
    } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
      throw new PayloadException(Reason.INVALID, e.getMessage());
    }
  }

  /** {@code schema}: also the schema's own checks ({@link #decodeValid}). */
  private static EncounterMessage read(JsonNode j, boolean schema) throws PayloadException {
    JsonNode part = object(j, "part");
    BatchCodec.Envelope env = new BatchCodec.Envelope(text(j, "site"), text(j, "gateway"), text(j, "epoch"),
        number(j, "seq", 1, Long.MAX_VALUE), (int) number(part, "index", 0, Integer.MAX_VALUE),
        (int) number(part, "count", 1, Integer.MAX_VALUE));
    new TopicScheme("p", env.site(), env.gateway()); // checks both as MQTT topic levels
    if (schema) {
      if (!EPOCH.matcher(env.epoch()).matches()) {
        throw invalid("epoch must be 8 lowercase hex characters, was " + env.epoch());
      }
      closed(part, "part", 2);
    }
    if (env.partIndex() >= env.partCount()) {
      throw invalid("part.index " + env.partIndex() + " must be below part.count " + env.partCount());
    }
    if (!env.batchId().equals(text(j, "batch"))) {
      throw invalid("batch must be site/gateway/epoch/seq (" + env.batchId() + "), was " + text(j, "batch"));
    }
    JsonNode b = object(j, "bucket");
    TimeBucket bucket = new TimeBucket(instant(b, "start", schema),
        new BucketWidth((int) number(b, "minutes", 1, 1440)));
    String keyId = text(j, "key");
    if (!KEY_ID.matcher(keyId).matches()) {
      throw invalid("key must be 8 lowercase hex characters, was " + keyId);
    }
    JsonNode c = object(j, "clock");
    ClockState clock = new ClockState(bool(c, "synced"), text(c, "source"));
    if (schema) {
      closed(b, "bucket", 2);
      closed(c, "clock", 2);
    }
    List<EncounterRecord> records = new ArrayList<>();
    JsonNode rs = j.get("records");
    if (rs == null || !rs.isArray()) {
      throw invalid("records must be an array");
    }
    for (JsonNode r : rs) {
      EncounterRecord rec = record(r, schema);
      if (!bucket.contains(rec.first()) || !bucket.contains(rec.last())) {
        throw invalid("record " + rec.id() + " lies outside its bucket " + bucket.start());
      }
      records.add(rec);
    }
    EncounterBatch batch = new EncounterBatch(bucket, keyId, records, counts(object(j, "counts"), schema),
        bool(j, "partial"), clock);
    return new EncounterMessage(env, batch);
  }

  private static EncounterRecord record(JsonNode r, boolean schema) throws PayloadException {
    if (!r.isObject()) {
      throw invalid("records[] must be objects");
    }
    String id = text(r, "id");
    if (!ID.matcher(id).matches()) {
      throw invalid("records[].id must be 32 lowercase hex characters, was " + id);
    }
    String kind = text(r, "kind");
    JsonNode aemNode = r.get("aem");
    String aem = null;
    if (kind.equals("gaen")) {
      aem = text(r, "aem");
      if (!AEM.matcher(aem).matches()) {
        throw invalid("records[].aem must be 8 lowercase hex characters, was " + aem);
      }
    } else if (!kind.equals("bluezone")) {
      throw invalid("records[].kind must be gaen or bluezone, was " + kind);
    } else if (aemNode != null) {
      throw invalid("records[].aem is for gaen records only");
    }
    JsonNode rssi = object(r, "rssi");
    if (schema) {
      closed(r, "records[]", aem == null ? 6 : 7);
      closed(rssi, "records[].rssi", 3);
    }
    return new EncounterRecord(id, kind, instant(r, "first", schema), instant(r, "last", schema),
        (int) number(r, "n", 1, Integer.MAX_VALUE),
        new RssiSummary((int) number(rssi, "min", -128, 127), (int) number(rssi, "median", -128, 127),
            (int) number(rssi, "max", -128, 127)),
        aem);
  }

  private static BucketCounts counts(JsonNode c, boolean schema) throws PayloadException {
    Map<String, Long> adverts = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object(c, "advertisements").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      adverts.put(kindName(e.getKey(), "counts.advertisements", schema),
          count(e.getValue(), "counts.advertisements." + e.getKey()));
    }
    Map<String, Integer> distinct = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object(c, "distinct").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      distinct.put(kindName(e.getKey(), "counts.distinct", schema),
          Math.toIntExact(count(e.getValue(), "counts.distinct." + e.getKey())));
    }
    for (String kind : BucketCounts.KINDS) {
      if (!adverts.containsKey(kind) || !distinct.containsKey(kind)) {
        throw invalid("counts.advertisements and counts.distinct must name every kind " + BucketCounts.KINDS + ", lack " + kind);
      }
    }
    for (Map.Entry<String, Integer> d : distinct.entrySet()) {
      long heard = adverts.getOrDefault(d.getKey(), 0L);
      if (d.getValue() > heard) {
        throw invalid("counts.distinct." + d.getKey() + " " + d.getValue() + " exceeds counts.advertisements."
            + d.getKey() + " " + heard);
      }
    }
    BucketCounts counts = new BucketCounts(adverts, distinct, number(c, "malformed", 0, Long.MAX_VALUE),
        number(c, "overflow", 0, Long.MAX_VALUE), number(c, "late", 0, Long.MAX_VALUE),
        number(c, "future", 0, Long.MAX_VALUE), number(c, "rebased", 0, Long.MAX_VALUE),
        number(c, "misplaced", 0, Long.MAX_VALUE));
    if (schema) {
      closed(c, "counts", 8);
    }
    return counts;
  }

  private static String kindName(String kind, String where, boolean schema) throws PayloadException {
    if (schema && !KIND_NAME.matcher(kind).matches()) {
      throw invalid(where + " keys must be a lowercase letter then up to 31 of a-z 0-9 _, was " + kind);
    }
    return kind;
  }

  /**
   * A nested object the schema closes: every field it names was read already, so a size above
   * {@code fields} means an unknown one, named in the refusal.
   */
  private static void closed(JsonNode o, String name, int fields) throws PayloadException {
    if (o.size() == fields) {
      return;
    }
    List<String> names = new ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    throw invalid(name + " must have only the schema's fields, has " + names);
  }

  private static long count(JsonNode v, String name) throws PayloadException {
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      throw invalid(name + " must be a whole number >= 0, was " + v);
    }
    return v.asLong();
  }

  private static JsonNode object(JsonNode j, String field) throws PayloadException {
    JsonNode v = j.get(field);
    if (v == null || !v.isObject()) {
      throw invalid(field + " must be an object");
    }
    return v;
  }

  private static String text(JsonNode j, String field) throws PayloadException {
    JsonNode v = j.get(field);
    if (v == null || !v.isTextual()) {
      throw invalid(field + " must be a string");
    }
    return v.asText();
  }

  private static boolean bool(JsonNode j, String field) throws PayloadException {
    JsonNode v = j.get(field);
    if (v == null || !v.isBoolean()) {
      throw invalid(field + " must be true or false");
    }
    return v.asBoolean();
  }

  private static long number(JsonNode j, String field, long min, long max) throws PayloadException {
    JsonNode v = j.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
      throw invalid(field + " must be a whole number in [" + min + ", " + max + "], was " + v);
    }
    return v.asLong();
  }

  /** {@code schema}: only the form the schema's pattern allows, {@code yyyy-MM-ddTHH:mm:ssZ}. */
  private static Instant instant(JsonNode j, String field, boolean schema) throws PayloadException {
    String s = text(j, field);
    Instant fast = canonical(s);
    if (fast != null) {
      return fast;
    }
    if (schema) {
      throw invalid(field + " must be a UTC date-time yyyy-MM-ddTHH:mm:ssZ, was " + s);
    }
    try {
      Instant t = Instant.parse(s);
      if (t.getNano() != 0) {
        throw invalid(field + " must be whole seconds, was " + s);
      }
      return t;
    } catch (DateTimeException e) {
      throw invalid(field + " must be an ISO-8601 UTC instant, was " + s);
    }
  }

  /**
   * The form the gateway writes, {@code yyyy-MM-ddTHH:mm:ssZ}, read without DateTimeFormatter, which
   * was most of a collector's decoding time (docs/benchmarks.md); null for anything else, which
   * then takes the general path.
   */
  private static Instant canonical(String s) {
    if (s.length() != 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':' || s.charAt(19) != 'Z') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The decimal number of {@code n} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int n) {
    int v = 0;
    for (int i = from; i < from + n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static PayloadException invalid(String message) {
    return new PayloadException(Reason.INVALID, message);
  }
}
