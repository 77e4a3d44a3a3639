package org.proximity.contract.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The health and crowd schemas refuse the nonsense of issue 15; the valid base is each payload's example in payloads.md. */
class HealthCrowdSchemaTest {

  private static ObjectNode example(String schema) throws Exception {
    Matcher m = Pattern.compile("(?s)\\n```json\\n(\\{\"schema\":\"" + Pattern.quote(schema) + "\".*?)\\n```")
        .matcher(Files.readString(Schemas.DOCS.resolve("payloads.md")));
    if (!m.find()) {
      throw new AssertionError("payloads.md has no example of " + schema);
    }
    return (ObjectNode) Schemas.JSON.readTree(m.group(1));
  }

  private static Arguments edit(String file, String schema, String what, Consumer<ObjectNode> e) {
    return Arguments.of(file, schema, what, e);
  }

  static Stream<Arguments> nonsense() {
    String h = "health.schema.json";
    String hs = "proximity-gateway/health/1";
    String c = "crowd.schema.json";
    String cs = "proximity-gateway/crowd/1";
    return Stream.of(
        edit(h, hs, "a bluez health without its radio state", j -> ((ObjectNode) j.get("radio")).remove("state")),
        edit(h, hs, "a bluez health without its recovery counters", j -> ((ObjectNode) j.get("radio")).remove("recovery")),
        edit(h, hs, "a radio state that is no state", j -> ((ObjectNode) j.get("radio")).put("state", "OK")),
        edit(h, hs, "hour 99", j -> j.put("time", "2026-11-29T99:41:35Z")),
        edit(h, hs, "an undocumented clock source", j -> ((ObjectNode) j.get("clock")).put("source", "gps")),
        edit(c, cs, "a crowd minute missing a kind", j -> ((ObjectNode) j.get("distinct")).remove("bluetrace")),
        edit(c, cs, "a minute with seconds", j -> j.put("minute", "2026-11-29T10:04:30Z")),
        edit(c, cs, "month 13", j -> j.put("minute", "2026-13-29T10:04:00Z")));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("nonsense")
  void nonsense_isRefused(String file, String schema, String what, Consumer<ObjectNode> breakIt) throws Exception {
    ObjectNode j = example(schema);
    assertEquals(Set.of(), Schemas.load(file).validate(j), "the example is valid");
    breakIt.accept(j);
    assertFalse(Schemas.load(file).validate(j).isEmpty(), what + " must fail " + file);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sourcesWithoutRadioState")
  void replayAndSimulatorHealth_needNoRadioState(String source) throws Exception {
    ObjectNode j = example("proximity-gateway/health/1");
    ObjectNode radio = Schemas.JSON.createObjectNode().put("source", source);
    j.set("radio", radio);
    assertEquals(Set.of(), Schemas.load("health.schema.json").validate(j));
  }

  static Stream<String> sourcesWithoutRadioState() {
    return Stream.of("replay", "simulator");
  }
}
