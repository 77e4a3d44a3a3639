package org.proximity.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.proximity.contract.payload.BatchCodec;
import org.proximity.contract.payload.BatchDecoder;
import org.proximity.contract.payload.BucketCounts;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.ClockState;
import org.proximity.contract.payload.EncounterBatch;
import org.proximity.contract.payload.EncounterRecord;
import org.proximity.contract.payload.RssiSummary;
import org.proximity.contract.payload.SequenceCounter;
import org.proximity.contract.payload.TimeBucket;
import org.proximity.gateway.health.HealthCodec;
import org.proximity.gateway.health.HealthSamples;
import org.proximity.gateway.publish.CommissioningCodec;
import org.proximity.gateway.publish.Forwarder;
import org.proximity.gateway.radio.RadioState;


/**
 * The data contract (issue 4, item 7): every payload the tests produce validates against its schema
 * in docs/schema, the schemas reject what the contract forbids, and docs/asyncapi.yaml names every
 * topic of docs/payloads.md with its QoS, retain flag and a schema file.
 */
class SchemaContractTest {
  static final Path DOCS = Path.of(System.getProperty("docs.dir", "../docs"));
  static final Path SCHEMAS = DOCS.resolve("schema");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final SchemaValidatorsConfig ASSERT_FORMATS =
      SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
  private static final Instant BUCKET = Instant.parse("2024-10-04T10:00:00Z");
  /** Topic leaf to schema of what a running gateway publishes, validated by SchemaContractIT. */
  static final Map<String, String> LIVE = Map.of("encounters", "encounters.schema.json", "health", "health.schema.json",
      "crowd", "crowd.schema.json", "status", "status.schema.json");

  /** Produces payloads of one kind, as the MQTT bytes, for {@link #payloadSources}. */
  interface Source {
    void payloads(Path tempDir, Consumer<byte[]> out) throws Exception;
  }

  /**
   * Every payload source and the schema it must satisfy; a new payload is one line here.
   */
  static Stream<Arguments> payloadSources() {
    return Stream.of(
        Arguments.of("encounters.schema.json", "BatchCodec edge cases", (Source) SchemaContractTest::batchCodecEdgeCases),
        Arguments.of("encounters.schema.json", "simulate -> replay", (Source) SchemaContractTest::simulatedReplay),
        Arguments.of("status.schema.json", "Forwarder status words", (Source) SchemaContractTest::statusWords),
        Arguments.of("simulate-truth.schema.json", "simulate --truth", (Source) SchemaContractTest::simulatedTruth),
        Arguments.of("commissioning.schema.json", "CommissioningCodec edge cases",
            (Source) SchemaContractTest::commissioningEdgeCases),
        Arguments.of("health.schema.json", "HealthCodec, every radio state", (Source) SchemaContractTest::healthEveryRadioState));
  }

  private static void healthEveryRadioState(Path dir, Consumer<byte[]> out) {
    for (RadioState state : RadioState.values()) {
      out.accept(new HealthCodec().encode(HealthSamples.everyCounterDistinct(state)));
    }
  }

  @ParameterizedTest(name = "{1} against {0}")
  @MethodSource("payloadSources")
  void payloads_ofEachSource_validateAgainstTheirSchema(String schemaFile, String what, Source source,
      @TempDir Path dir) throws Exception {
    List<byte[]> payloads = new ArrayList<>();
    source.payloads(dir, payloads::add);
    validate(schemaFile, what, payloads);
  }

  /** Each payload against its schema, and encounters against the rules beyond the schema too. */
  static void validate(String schemaFile, String what, List<byte[]> payloads) throws Exception {
    JsonSchema schema = schema(schemaFile);
    assertFalse(payloads.isEmpty(), what + " produced no payload");
    for (byte[] p : payloads) {
      Set<ValidationMessage> errors = schema.validate(asJson(schemaFile, p));
      assertTrue(errors.isEmpty(), what + ": " + errors + " in " + new String(p, StandardCharsets.UTF_8));
      if (schemaFile.equals("encounters.schema.json")) {
        BatchDecoder.decode(p); // and the rules beyond the schema (docs/payloads.md)
      }
    }
  }

  @Test
  void schemaFiles_everyOneHasAPayloadSourceOrIsAMarkedPlaceholder() throws Exception {
    Set<String> covered = payloadSources().map(a -> (String) a.get()[0]).collect(Collectors.toCollection(TreeSet::new));
    covered.addAll(LIVE.values());
    try (Stream<Path> files = Files.list(SCHEMAS)) {
      for (Path f : files.sorted().toList()) {
        JsonNode s = JSON.readTree(f.toFile());
        String name = f.getFileName().toString();
        assertEquals("https://json-schema.org/draft/2020-12/schema", s.get("$schema").asText(), name);
        schema(name); // loads as a schema
        if (s.path("title").asText().startsWith("proximity-backend/")) {
          continue; // the backend's own outputs: its tests hold their payload sources
        }
        boolean placeholder = s.path("x-placeholder").asBoolean(false);
        assertTrue(covered.contains(name) != placeholder,
            name + ": a schema needs a payload source in this test, a placeholder must not have one");
      }
    }
  }

  // negative cases: the schema must reject what the contract forbids

  static Stream<Arguments> forbiddenEncounters() {
    return Stream.of(
        Arguments.of("missing seq", (Consumer<ObjectNode>) j -> j.remove("seq")),
        Arguments.of("seq 0", (Consumer<ObjectNode>) j -> j.put("seq", 0)),
        Arguments.of("wrong schema version", (Consumer<ObjectNode>) j -> j.put("schema", "proximity-gateway/encounters/1")),
        Arguments.of("missing clock", (Consumer<ObjectNode>) j -> j.remove("clock")),
        Arguments.of("site with a slash", (Consumer<ObjectNode>) j -> j.put("site", "a/b")),
        Arguments.of("epoch not 8 hex", (Consumer<ObjectNode>) j -> j.put("epoch", "5F2C91AB")),
        Arguments.of("key id not 8 hex", (Consumer<ObjectNode>) j -> j.put("key", "3f9d02")),
        Arguments.of("bucket start not on a minute", (Consumer<ObjectNode>) j -> bucket(j).put("start", "2024-10-04T10:00:30Z")),
        Arguments.of("id of 31 hex", (Consumer<ObjectNode>) j -> record(j, 0).put("id", "6c1f0e4b9a7d2c3e5f60718293a4b5c")),
        Arguments.of("id in upper case", (Consumer<ObjectNode>) j -> record(j, 0).put("id", "6C1F0E4B9A7D2C3E5F60718293A4B5C6")),
        Arguments.of("unknown kind", (Consumer<ObjectNode>) j -> record(j, 1).put("kind", "dp3t")),
        Arguments.of("gaen without aem", (Consumer<ObjectNode>) j -> record(j, 1).remove("aem")),
        Arguments.of("bluezone with aem", (Consumer<ObjectNode>) j -> record(j, 0).put("aem", "72033874")),
        Arguments.of("aem not 8 hex", (Consumer<ObjectNode>) j -> record(j, 1).put("aem", "7203387")),
        Arguments.of("first with milliseconds", (Consumer<ObjectNode>) j -> record(j, 0).put("first", "2024-10-04T10:03:12.500Z")),
        Arguments.of("n of 0", (Consumer<ObjectNode>) j -> record(j, 0).put("n", 0)),
        Arguments.of("undocumented record field", (Consumer<ObjectNode>) j -> record(j, 0).put("mac", "x")),
        Arguments.of("negative count", (Consumer<ObjectNode>) j -> ((ObjectNode) j.get("counts")).put("late", -1)),
        Arguments.of("count as a string", (Consumer<ObjectNode>) j -> ((ObjectNode) j.get("counts").get("advertisements")).put("gaen", "3")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forbiddenEncounters")
  void encountersSchema_forbiddenPayload_rejected(String what, Consumer<ObjectNode> breakIt) throws Exception {
    ObjectNode j = validEncounters();
    assertTrue(schema("encounters.schema.json").validate(j).isEmpty(), "the unbroken payload is valid");
    breakIt.accept(j);
    assertFalse(schema("encounters.schema.json").validate(j).isEmpty(), what + " must be rejected");
  }

  @Test
  void encountersSchema_unknownTopLevelField_accepted() throws Exception {
    ObjectNode j = validEncounters();
    j.put("added_later", 1);
    assertEquals(Set.of(), schema("encounters.schema.json").validate(j));
  }

  @Test
  void statusSchema_otherWordsOrQuotedJson_rejected() throws Exception {
    JsonSchema s = schema("status.schema.json");
    assertTrue(s.validate(TextNode.valueOf("online")).isEmpty());
    for (String bad : List.of("ONLINE", "\"online\"", "", "connected")) {
      assertFalse(s.validate(TextNode.valueOf(bad)).isEmpty(), bad);
    }
  }

  @Test
  void asyncApi_everyTopicOfPayloadsMd_withItsQosRetainAndASchemaFile() throws Exception {
    JsonNode api = new ObjectMapper(new YAMLFactory()).readTree(DOCS.resolve("asyncapi.yaml").toFile());
    assertTrue(api.get("asyncapi").asText().startsWith("2.6"));
    Map<String, String> documented = new TreeMap<>(); // topic suffix → "qos retained" from payloads.md
    Matcher m = Pattern.compile("\\| `<prefix>/<site>/<gateway>/([a-z]+)` \\| (\\d) \\| (yes|no) \\|")
        .matcher(Files.readString(DOCS.resolve("payloads.md")));
    while (m.find()) {
      documented.put(m.group(1), m.group(2) + " " + m.group(3).equals("yes"));
    }
    assertTrue(documented.keySet().containsAll(Set.of("encounters", "status")), documented.toString());
    Map<String, String> inApi = new TreeMap<>();
    Set<String> channels = new TreeSet<>();
    api.get("channels").fields().forEachRemaining(e -> {
      String suffix = e.getKey().substring(e.getKey().lastIndexOf('/') + 1);
      assertTrue(e.getKey().startsWith("{prefix}/"), e.getKey());
      channels.add(e.getKey().substring("{prefix}/".length()));
      JsonNode op = e.getValue().get("subscribe");
      JsonNode mqtt = op.get("bindings").get("mqtt");
      if (e.getKey().startsWith("{prefix}/{site}/{gateway}/")) {
        inApi.put(suffix, mqtt.get("qos").asInt() + " " + mqtt.get("retain").asBoolean());
      }
      String ref = op.get("message").get("$ref").asText();
      JsonNode message = api.at(ref.substring(1));
      Path payload = DOCS.resolve(message.get("payload").get("$ref").asText());
      assertTrue(Files.isRegularFile(payload), suffix + ": no schema file " + payload);
    });
    assertEquals(Set.of("{site}/{gateway}/commissioning", "{site}/{gateway}/crowd", "{site}/{gateway}/encounters",
        "{site}/{gateway}/health", "{site}/{gateway}/status", "backend/{collector}/health"), channels);
    // the collector's health: retained at QoS 1, as backend.md says
    JsonNode collector = api.get("channels").get("{prefix}/backend/{collector}/health").get("subscribe");
    assertEquals("1 true", collector.at("/bindings/mqtt/qos").asInt() + " " + collector.at("/bindings/mqtt/retain").asBoolean());
    documented.forEach((topic, qosRetained) -> assertEquals(qosRetained, inApi.get(topic), topic));
  }

  // sources

  static void batchCodecEdgeCases(Path dir, Consumer<byte[]> out) {
    BatchCodec codec = new BatchCodec();
    SequenceCounter seq = counter();
    EncounterRecord gaen = new EncounterRecord("6c1f0e4b9a7d2c3e5f60718293a4b5c6", "gaen",
        BUCKET.plusSeconds(192), BUCKET.plusSeconds(598), 1402, new RssiSummary(-91, -77, -63), "72033874");
    EncounterRecord bluezone = new EncounterRecord("0d3e5f60718293a4b5c66c1f0e4b9a7d", "bluezone",
        BUCKET.plusSeconds(5), BUCKET.plusSeconds(5), 1, new RssiSummary(-127, -127, -127), null);
    EncounterRecord loud = new EncounterRecord("ffffffffffffffffffffffffffffffff", "bluezone",
        BUCKET, BUCKET.plusSeconds(1799), Integer.MAX_VALUE, new RssiSummary(-40, 0, 20), null);
    TimeBucket bucket = new TimeBucket(BUCKET, BucketWidth.DEFAULT);
    List<EncounterRecord> three = List.of(bluezone, gaen, loud);
    List<EncounterBatch> batches = List.of(
        new EncounterBatch(bucket, "3f9d02aa", List.of(), counts(Map.of()), false), // empty, clock unknown
        new EncounterBatch(bucket, "3f9d02aa", three, counts(Map.of("gaen", 9120L, "bluezone", 2210L)), false)
            .withClock(ClockState.SIMULATED),
        new EncounterBatch(bucket, "3f9d02aa", List.of(gaen), counts(Map.of("gaen", 1L)), true)
            .withClock(new ClockState(false, "systemd-timesyncd")),
        new EncounterBatch(new TimeBucket(Instant.parse("2024-10-04T23:59:00Z"), new BucketWidth(1)), "00000000",
            List.of(), counts(Map.of()), true).withClock(ClockState.CAPTURE));
    int[] parts = {0};
    for (EncounterBatch b : batches) {
      codec.encodeParts("ben-xe-mien-dong", "bay-03", seq, b, 500).forEach(p -> out.accept(p.payload()));
    }
    // split into parts: one record each
    codec.encodeParts("site.with_dots-1", "g", seq, batches.get(1), 1).forEach(p -> {
      parts[0]++;
      out.accept(p.payload());
    });
    assertEquals(3, parts[0]);
  }

  static void simulatedReplay(Path dir, Consumer<byte[]> out) throws Exception {
    SimulateCommandTest.Pipeline p = SimulateCommandTest.simulateAndReplay(dir, "--seed", "2", "--phones", "8",
        "--background", "4", "--minutes", "45", "--start", "2024-10-04T09:50:00Z");
    assertTrue(p.batches().size() >= 3);
    for (String line : p.replay().out().split("\n")) {
      out.accept(line.getBytes(StandardCharsets.UTF_8));
    }
  }

  static void statusWords(Path dir, Consumer<byte[]> out) throws Exception {
    for (String name : List.of("ONLINE", "OFFLINE")) {
      Field f = Forwarder.class.getDeclaredField(name);
      f.setAccessible(true);
      out.accept(((byte[]) f.get(null)).clone());
    }
  }

  static void simulatedTruth(Path dir, Consumer<byte[]> out) throws Exception {
    Path truth = dir.resolve("truth.json");
    Cli.Run run = Cli.run("simulate", "--seed", "4", "--phones", "30", "--minutes", "30",
        "--start", "2024-10-04T23:45:00Z", "--out", dir.resolve("s.pcap").toString(), "--truth", truth.toString());
    assertEquals(0, run.exit(), run.err());
    out.accept(Files.readAllBytes(truth));
  }

  static void commissioningEdgeCases(Path dir, Consumer<byte[]> out) {
    CommissioningCodec codec = new CommissioningCodec();
    Map<String, String> versions = Map.of("gateway", "0.1.0", "java", "17.0.15", "os", "Linux 6.6.51 aarch64");
    List<CommissioningCodec.Check> checks = List.of(
        new CommissioningCodec.Check("config", CommissioningCodec.Outcome.OK, "config gateway.toml: site s"),
        new CommissioningCodec.Check("clock", CommissioningCodec.Outcome.WARN, "clock NOT synchronised"),
        new CommissioningCodec.Check("broker_acl", CommissioningCodec.Outcome.FAIL, "broker ACL: \"quoted\" \u00e9"));
    out.accept(codec.encode(new CommissioningCodec.Report("ben-xe-mien-dong", "bay-03", BUCKET.plusMillis(1500), versions,
        checks, new CommissioningCodec.RadioCounts("bluez", 10, 812, Map.of("gaen", 221L, "other", 591L)))));
    out.accept(codec.encode(new CommissioningCodec.Report("s", "g", BUCKET, versions, checks.subList(0, 1),
        new CommissioningCodec.RadioCounts("simulator", 0, 0, Map.of()))));
  }

  // helpers

  private static JsonSchema schema(String file) throws Exception {
    return FACTORY.getSchema(JSON.readTree(SCHEMAS.resolve(file).toFile()), ASSERT_FORMATS);
  }

  /** Status is not JSON: its bytes are the string value itself. */
  private static JsonNode asJson(String schemaFile, byte[] payload) throws Exception {
    if (schemaFile.equals("status.schema.json")) {
      return TextNode.valueOf(new String(payload, StandardCharsets.US_ASCII));
    }
    return JSON.readTree(payload);
  }

  private static SequenceCounter counter() {
    long[] next = {0};
    return new SequenceCounter() {
      @Override
      public String epoch() {
        return "5f2c91ab";
      }

      @Override
      public long next() {
        return ++next[0];
      }
    };
  }

  private static BucketCounts counts(Map<String, Long> adverts) {
    Map<String, Long> a = new HashMap<>();
    Map<String, Integer> d = new HashMap<>();
    for (String k : List.of("apple", "bluetrace", "bluezone", "bluezone_ios", "gaen", "other")) {
      a.put(k, adverts.getOrDefault(k, 0L));
      d.put(k, adverts.containsKey(k) ? 1 : 0);
    }
    return new BucketCounts(a, d, 3, 0, 0);
  }

  private static ObjectNode validEncounters() throws Exception {
    List<byte[]> p = new ArrayList<>();
    batchCodecEdgeCases(null, p::add);
    // the batch with records bluezone (0), gaen (1), bluezone (2)
    return (ObjectNode) JSON.readTree(p.get(1));
  }

  private static ObjectNode bucket(ObjectNode j) {
    return (ObjectNode) j.get("bucket");
  }

  private static ObjectNode record(ObjectNode j, int i) {
    return (ObjectNode) j.get("records").get(i);
  }
}
