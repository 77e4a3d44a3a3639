package org.proximity.contract.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.proximity.contract.payload.BatchDecoder;

/**
 * Every {@code ```json} example in docs/*.md names its schema ({@code "schema"}, or {@code "format"}
 * for a file) and passes it with formats asserted; an encounters example also passes the rules
 * beyond the schema ({@link BatchDecoder}). An example a backend developer copies must be valid.
 */
class DocExamplesTest {
  private static final Pattern JSON_BLOCK = Pattern.compile("(?s)\\n```json\\n(.*?)\\n```");

  static Stream<Arguments> examples() throws Exception {
    List<Arguments> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(Schemas.DOCS)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        Matcher m = JSON_BLOCK.matcher(Files.readString(f));
        for (int i = 1; m.find(); i++) {
          all.add(Arguments.of(f.getFileName() + " #" + i, m.group(1)));
        }
      }
    }
    return all.stream();
  }

  /** Schema title (proximity-gateway/encounters/2, ...) → file name. */
  private static Map<String, String> schemasByTitle() throws Exception {
    Map<String, String> byTitle = new HashMap<>();
    try (Stream<Path> files = Files.list(Schemas.DOCS.resolve("schema"))) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        byTitle.put(Schemas.json(name).get("title").asText(), name);
      }
    }
    return byTitle;
  }

  @Test
  void theDocsHaveExamplesOfEveryPayload() throws Exception {
    Set<String> named = new TreeSet<>();
    for (Arguments a : examples().toList()) {
      JsonNode j = Schemas.JSON.readTree((String) a.get()[1]);
      named.add(j.path("schema").asText(j.path("format").asText()));
    }
    Set<String> payloads = Set.of("proximity-gateway/encounters/2", "proximity-gateway/health/1",
        "proximity-gateway/crowd/1", "proximity-gateway/simulate-truth/1");
    assertTrue(named.containsAll(payloads), "examples name " + named + ", need at least " + payloads);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void example_passesTheSchemaItNames(String where, String text) throws Exception {
    JsonNode j = Schemas.JSON.readTree(text);
    String title = j.path("schema").asText(j.path("format").asText(""));
    String file = schemasByTitle().get(title);
    assertNotNull(file, where + ": names no known schema (\"schema\" or \"format\"), was \"" + title + "\"");
    assertEquals(Set.of(), Schemas.load(file).validate(j), where + " against " + file);
    if (file.equals("encounters.schema.json")) {
      BatchDecoder.decode(text.getBytes(StandardCharsets.UTF_8));
    }
    assertFalse(text.contains("..."), where + ": an elision is not JSON a reader can copy");
  }
}
