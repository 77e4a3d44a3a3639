package org.proximity.contract.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.proximity.contract.schema.Schemas;

/**
 * {@link BatchDecoder#decodeValid} may stand in for the JSON Schema validator (the collector relies on
 * it, docs/backend.md): on generated payloads, whatever encounters.schema.json refuses the decoder
 * refuses too, and what the codec writes both accept. The decoder refuses more (the rules beyond the
 * schema); the other way round is never allowed.
 */
class DecoderSchemaAgreementTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final JsonSchema SCHEMA = Schemas.load("encounters.schema.json");
  private static final String[] KINDS = {"gaen", "bluezone"};
  private static final String[] SOURCES = ClockState.SOURCES.toArray(String[]::new);

  /** Replacement values tried at every place of the tree: other types, edges of ranges and patterns. */
  private static final List<UnaryOperator<JsonNode>> REPLACEMENTS = List.of(
      v -> NODES.nullNode(),
      v -> NODES.booleanNode(true),
      v -> NODES.numberNode(-1),
      v -> NODES.numberNode(0),
      v -> NODES.numberNode(1.5),
      v -> NODES.numberNode(200),
      v -> NODES.numberNode(7.0),
      v -> NODES.textNode(""),
      v -> NODES.textNode("x"),
      v -> NODES.objectNode(),
      v -> NODES.arrayNode(),
      v -> v.isTextual() ? NODES.textNode(v.asText() + "\n") : v,
      v -> v.isTextual() ? NODES.textNode(v.asText().toUpperCase()) : v,
      v -> v.isTextual() && v.asText().length() > 1 ? NODES.textNode(v.asText().substring(1)) : v,
      v -> v.isTextual() ? NODES.textNode(v.asText().replace("Z", "+00:00")) : v,
      v -> v.isTextual() ? NODES.textNode(v.asText().replace("Z", ".000Z")) : v,
      v -> v.isTextual() ? NODES.textNode(v.asText().replace("T", "t")) : v,
      v -> v.isTextual() ? NODES.textNode(v.asText().replace(":00Z", ":60Z")) : v,
      v -> v.isNumber() ? NODES.numberNode(v.asLong() + 1) : v,
      v -> v.isNumber() ? NODES.numberNode(-v.asLong() - 129) : v);

  @Test
  void generatedPayloads_bothAccept() throws Exception {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 300; i++) {
      ObjectNode j = generated(random);
      assertTrue(SCHEMA.validate(j).isEmpty(), () -> SCHEMA.validate(j) + " " + j);
      EncounterMessage m = BatchDecoder.decodeValid(j);
      assertEquals(m, BatchDecoder.decode(j), "the stricter reading gives the same message");
    }
  }

  @Test
  void everyPlaceChangedRemovedOrExtended_whatTheSchemaRefusesTheDecoderRefuses() throws Exception {
    SplittableRandom random = new SplittableRandom(12);
    int schemaRefused = 0;
    for (int i = 0; i < 8; i++) {
      ObjectNode valid = generated(random);
      List<String> paths = new ArrayList<>();
      collect(valid, "", paths);
      for (String path : paths) {
        for (UnaryOperator<JsonNode> r : REPLACEMENTS) {
          ObjectNode j = valid.deepCopy();
          replace(j, path, r.apply(j.at(path)));
          schemaRefused += agree(j, path);
        }
        ObjectNode removed = valid.deepCopy();
        remove(removed, path);
        schemaRefused += agree(removed, path + " removed");
        if (valid.at(path).isObject()) {
          ObjectNode extended = valid.deepCopy();
          ((ObjectNode) extended.at(path)).put("extra", 1);
          schemaRefused += agree(extended, path + " with an unknown field");
        }
      }
    }
    assertTrue(schemaRefused > 1_000, "the mutations must reach the schema's rules: " + schemaRefused);
  }

  @Test
  void randomBytesChanged_whatTheSchemaRefusesTheDecoderRefuses() throws Exception {
    SplittableRandom random = new SplittableRandom(13);
    int schemaRefused = 0;
    for (int i = 0; i < 3_000; i++) {
      byte[] b = JSON.writeValueAsBytes(generated(random));
      for (int k = random.nextInt(1, 3); k > 0; k--) {
        b[random.nextInt(b.length)] = (byte) random.nextInt(32, 127);
      }
      JsonNode j;
      try {
        j = BatchDecoder.parse(b);
      } catch (PayloadException notJson) {
        continue;
      }
      schemaRefused += agree(j, new String(b, StandardCharsets.UTF_8));
    }
    assertTrue(schemaRefused > 100, "mutations the schema refused: " + schemaRefused);
  }

  /** 1 when the schema refuses {@code j} (and then the decoder must too), else 0. */
  private static int agree(JsonNode j, String what) {
    if (SCHEMA.validate(j).isEmpty()) {
      return 0;
    }
    try {
      BatchDecoder.decodeValid(j);
    } catch (PayloadException refused) {
      return 1;
    }
    throw new AssertionError("the schema refuses, the decoder accepts: " + what + " " + SCHEMA.validate(j) + " " + j);
  }

  /** A payload as the codec writes it, with random names, widths, times, kinds and counts. */
  static ObjectNode generated(SplittableRandom random) throws Exception {
    int[] widths = {1, 5, 10, 15, 30, 60, 120, 1440};
    BucketWidth width = new BucketWidth(widths[random.nextInt(widths.length)]);
    Instant start = TimeBucket.containing(Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L)), width).start();
    List<EncounterRecord> records = new ArrayList<>();
    for (int r = random.nextInt(0, 4); r > 0; r--) {
      String kind = KINDS[random.nextInt(KINDS.length)];
      long first = random.nextLong(width.seconds());
      long last = random.nextLong(first, width.seconds());
      int min = random.nextInt(-128, 128);
      int max = random.nextInt(min, 128);
      records.add(new EncounterRecord(hex(random, 32), kind, start.plusSeconds(first), start.plusSeconds(last),
          random.nextInt(1, 1000), new RssiSummary(min, random.nextInt(min, max + 1), max),
          kind.equals("gaen") ? hex(random, 8) : null));
    }
    long heard = random.nextLong(0, 1L << 40);
    BucketCounts counts = new BucketCounts(Map.of("gaen", heard, "other", 3L), Map.of("gaen", (int) Math.min(heard, 9)),
        random.nextLong(0, 9), 0, random.nextLong(0, 9), 0, random.nextLong(0, 9), 0);
    EncounterBatch batch = new EncounterBatch(new TimeBucket(start, width), hex(random, 8), records, counts,
        random.nextBoolean(), new ClockState(random.nextBoolean(), SOURCES[random.nextInt(SOURCES.length)]));
    int parts = random.nextInt(1, 4);
    BatchCodec.Envelope env = new BatchCodec.Envelope("site-" + random.nextInt(99), "bay_" + random.nextInt(99),
        hex(random, 8), random.nextLong(1, Long.MAX_VALUE), random.nextInt(parts), parts);
    return (ObjectNode) JSON.readTree(new BatchCodec().encode(env, batch, 0, records.size()));
  }

  private static String hex(SplittableRandom random, int chars) {
    StringBuilder s = new StringBuilder(chars);
    for (int i = 0; i < chars; i++) {
      s.append(Character.forDigit(random.nextInt(16), 16));
    }
    return s.toString();
  }

  /** JSON pointers of every node below the root. */
  private static void collect(JsonNode n, String at, List<String> out) {
    if (n.isObject()) {
      n.fieldNames().forEachRemaining(f -> {
        out.add(at + "/" + f);
        collect(n.get(f), at + "/" + f, out);
      });
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        out.add(at + "/" + i);
        collect(n.get(i), at + "/" + i, out);
      }
    }
  }

  private static void replace(ObjectNode root, String path, JsonNode value) {
    JsonNode parent = root.at(path.substring(0, path.lastIndexOf('/')));
    String last = path.substring(path.lastIndexOf('/') + 1);
    if (parent instanceof ArrayNode a) {
      a.set(Integer.parseInt(last), value);
    } else {
      ((ObjectNode) parent).set(last, value);
    }
  }

  private static void remove(ObjectNode root, String path) {
    JsonNode parent = root.at(path.substring(0, path.lastIndexOf('/')));
    String last = path.substring(path.lastIndexOf('/') + 1);
    if (parent instanceof ArrayNode a) {
      a.remove(Integer.parseInt(last));
    } else {
      ((ObjectNode) parent).remove(last);
    }
  }
}
