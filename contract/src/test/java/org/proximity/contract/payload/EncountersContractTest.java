package org.proximity.contract.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.proximity.contract.payload.PayloadException.Reason;
import org.proximity.contract.schema.Schemas;

/**
 * The encounters contract as a backend meets it (issue 15): each nonsense payload is refused, by the
 * schema where JSON Schema can say it, otherwise by the rules a consumer checks (docs/payloads.md,
 * "Rules beyond the schema"), which {@link BatchDecoder} implements.
 */
class EncountersContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchema SCHEMA = Schemas.load("encounters.schema.json");
  private static final Instant T0 = Instant.parse("2024-10-04T10:00:00Z");

  /** A valid message: one GAEN and one Bluezone record in the 10:00 bucket, part 0 of 1. */
  static ObjectNode valid() throws Exception {
    EncounterBatch batch = new EncounterBatch(new TimeBucket(T0, BucketWidth.DEFAULT), "5f560cb5",
        List.of(
            new EncounterRecord("0123456789abcdef0123456789abcdef", "gaen", T0.plusSeconds(5), T0.plusSeconds(600), 40,
                new RssiSummary(-90, -70, -60), "5c6b5cee"),
            new EncounterRecord("fedcba9876543210fedcba9876543210", "bluezone", T0.plusSeconds(60),
                T0.plusSeconds(1799), 7, new RssiSummary(-80, -80, -80), null)),
        new BucketCounts(Map.of("gaen", 40L, "bluezone", 7L, "apple", 90L), Map.of("gaen", 1, "bluezone", 1, "apple", 9),
            0, 0, 0),
        false, new ClockState(true, "systemd-timesyncd"));
    byte[] p = new BatchCodec().encode(new BatchCodec.Envelope("site-a", "bay-1", "0a0b0c0d", 7, 0, 1), batch, 0, 2);
    return (ObjectNode) JSON.readTree(p);
  }

  private static Arguments edit(String what, Consumer<ObjectNode> e) {
    return Arguments.of(what, e);
  }

  private static ObjectNode at(JsonNode j, String... path) {
    JsonNode n = j;
    for (String p : path) {
      n = p.matches("\\d+") ? n.get(Integer.parseInt(p)) : n.get(p);
    }
    return (ObjectNode) n;
  }

  /** The schema refuses these (and so does the decoder). */
  static Stream<Arguments> schemaRefuses() {
    return Stream.of(
        edit("a bucket of 7 minutes", j -> at(j, "bucket").put("minutes", 7)),
        edit("a start of 10:07 in a 30-minute bucket", j -> at(j, "bucket").put("start", "2024-10-04T10:07:00Z")),
        edit("a start of 10:30 in a 60-minute bucket", j -> at(j, "bucket").put("minutes", 60).put("start",
            "2024-10-04T10:30:00Z")),
        edit("month 13", j -> at(j, "bucket").put("start", "2024-13-04T10:00:00Z")),
        edit("hour 99", j -> at(j, "records", "0").put("first", "2024-10-04T99:00:05Z")),
        edit("February 30 (format date-time)", j -> at(j, "bucket").put("start", "2024-02-30T10:00:00Z")),
        edit("counts.advertisements missing a kind", j -> at(j, "counts", "advertisements").remove("bluetrace")),
        edit("counts.distinct missing a kind", j -> at(j, "counts", "distinct").remove("apple")),
        edit("an undocumented clock source", j -> at(j, "clock").put("source", "ntp")));
  }

  /** JSON Schema cannot compare two values: the schema accepts these, a consumer refuses them. */
  static Stream<Arguments> consumerRefuses() {
    return Stream.of(
        edit("first after last", j -> at(j, "records", "0").put("first", "2024-10-04T10:20:00Z")),
        edit("a record outside its bucket", j -> at(j, "records", "1").put("last", "2024-10-04T10:30:00Z")),
        edit("RSSI min above max", j -> at(j, "records", "0", "rssi").put("min", -50)),
        edit("RSSI median outside min..max", j -> at(j, "records", "1", "rssi").put("median", -79)),
        edit("more distinct addresses than advertisements", j -> at(j, "counts", "distinct").put("apple", 91)),
        edit("part.index 5 of a count of 1", j -> at(j, "part").put("index", 5)),
        edit("batch not site/gateway/epoch/seq", j -> j.put("batch", "site-a/bay-1/0a0b0c0d/8")));
  }

  @Test
  void valid_passesSchemaAndDecoder() throws Exception {
    ObjectNode j = valid();
    assertEquals(Set.of(), SCHEMA.validate(j));
    BatchDecoder.decode(JSON.writeValueAsBytes(j));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemaRefuses")
  void nonsense_theSchemaCanExpress_isRefusedBySchemaAndDecoder(String what, Consumer<ObjectNode> breakIt)
      throws Exception {
    ObjectNode j = valid();
    breakIt.accept(j);
    assertTrue(!SCHEMA.validate(j).isEmpty(), what + " must fail the schema");
    assertDecoderRefuses(j);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consumerRefuses")
  void nonsense_beyondTheSchema_isAConsumerRuleTheDecoderChecks(String what, Consumer<ObjectNode> breakIt)
      throws Exception {
    ObjectNode j = valid();
    breakIt.accept(j);
    assertEquals(Set.of(), SCHEMA.validate(j), what + ": the schema cannot see this; if it now can, move the case");
    assertDecoderRefuses(j);
  }

  private static void assertDecoderRefuses(ObjectNode j) {
    PayloadException e = assertThrows(PayloadException.class, () -> BatchDecoder.decode(JSON.writeValueAsBytes(j)));
    assertEquals(Reason.INVALID, e.reason(), e.getMessage());
  }

  @Test
  void minutes_areExactlyTheDivisorsOf1440_asBucketWidthAccepts() {
    List<Integer> divisors = IntStream.rangeClosed(1, 1440).filter(w -> 1440 % w == 0).boxed().toList();
    List<Integer> inSchema = new ArrayList<>();
    Schemas.json("encounters.schema.json").at("/properties/bucket/properties/minutes/enum")
        .forEach(n -> inSchema.add(n.asInt()));
    assertEquals(divisors, inSchema);
    for (int w = 1; w <= 1440; w++) {
      int width = w;
      boolean accepted;
      try {
        new BucketWidth(width);
        accepted = true;
      } catch (IllegalArgumentException e) {
        accepted = false;
      }
      assertEquals(divisors.contains(w), accepted, "BucketWidth(" + w + ")");
    }
  }

  /** For every width, the start's pattern accepts exactly the minutes of the day that are multiples of it. */
  @Test
  void bucketStart_alignedToItsWidth_everyWidthEveryMinuteOfTheDay() throws Exception {
    JsonNode rules = Schemas.json("encounters.schema.json").at("/properties/bucket/allOf");
    Set<Integer> covered = new TreeSet<>();
    for (JsonNode rule : rules) {
      int w = rule.at("/if/properties/minutes/const").asInt();
      Pattern p = Pattern.compile(rule.at("/then/properties/start/pattern").asText());
      covered.add(w);
      for (int t = 0; t < 1440; t++) {
        String start = String.format("2024-10-04T%02d:%02d:00Z", t / 60, t % 60);
        assertEquals(t % w == 0, p.matcher(start).find(), w + "-minute bucket starting " + start);
      }
      // and through the validator: the first aligned start after midnight passes, one minute later fails
      ObjectNode j = valid();
      j.set("records", JSON.createArrayNode());
      String ok = String.format("2024-10-04T%02d:%02d:00Z", w % 1440 / 60, w % 60);
      at(j, "bucket").put("minutes", w).put("start", ok);
      assertEquals(Set.of(), SCHEMA.validate(j), ok + " in " + w);
      if (w > 1) {
        at(j, "bucket").put("start", String.format("2024-10-04T%02d:%02d:00Z", (w + 1) % 1440 / 60, (w + 1) % 60));
        assertTrue(!SCHEMA.validate(j).isEmpty(), "misaligned in " + w);
      }
    }
    assertEquals(new TreeSet<>(IntStream.rangeClosed(1, 1440).filter(w -> 1440 % w == 0).boxed().toList()), covered);
  }

  @Test
  void clockSources_schemasListExactlyTheSourcesTheCodeKnows() {
    for (String[] where : new String[][] {{"encounters.schema.json", "/properties/clock/properties/source/enum"},
        {"health.schema.json", "/$defs/clock/properties/source/enum"}}) {
      Set<String> listed = new TreeSet<>();
      Schemas.json(where[0]).at(where[1]).forEach(n -> listed.add(n.asText()));
      assertEquals(new TreeSet<>(ClockState.SOURCES), listed, where[0]);
    }
  }

  @Test
  void counts_kindsRequiredByTheSchemaAreTheKindsTheCodecWrites() throws Exception {
    Set<String> required = new TreeSet<>();
    Schemas.json("encounters.schema.json").at("/$defs/countsByKind/required").forEach(n -> required.add(n.asText()));
    assertEquals(new TreeSet<>(BucketCounts.KINDS), required);
    JsonNode written = valid().at("/counts/advertisements");
    Set<String> names = new TreeSet<>();
    written.fieldNames().forEachRemaining(names::add);
    assertEquals(required, names);
    assertEquals("0", written.get("bluetrace").asText(), "a kind not heard is written as 0");
    assertTrue(new String(JSON.writeValueAsBytes(valid()), StandardCharsets.UTF_8).contains("\"bluezone_ios\":0"));
  }
}
