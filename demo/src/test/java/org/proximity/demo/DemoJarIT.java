package org.proximity.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, as shipped: the packaged demo jar in a child JVM runs the whole chain
 * and finds every phone that tested positive, and nothing else; every line it prints passes its
 * published schema.
 */
class DemoJarIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DOCS = Path.of(System.getProperty("docs.dir", "../docs"));

  @TempDir Path dir;

  @Test
  void demoJar_shortRun_findsEveryReportedPhoneAndNoOther() throws Exception {
    Path out = dir.resolve("out.jsonl");
    Path err = dir.resolve("err.txt");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", System.getProperty("demo.jar", "target/proximity-demo.jar"),
        "--duration", "15s", "--phones", "120", "--positives", "4", "--seed", "3")
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the demo ends by itself");
    String stderr = Files.readString(err);
    assertEquals(0, p.exitValue(), stderr);
    assertTrue(stderr.contains("demo: 4 of 4 reported phones found in "), stderr);
    assertTrue(stderr.contains("; 0 records of other phones matched"), stderr);
    assertFalse(stderr.contains("Exception"), stderr);

    JsonSchema encounters = schema("encounters.schema.json");
    JsonSchema exposure = schema("exposure.schema.json");
    Set<String> batchRecords = new HashSet<>();
    List<JsonNode> exposures = new ArrayList<>();
    for (String line : Files.readAllLines(out)) {
      JsonNode j = JSON.readTree(line);
      if (j.get("schema").asText().startsWith("proximity-gateway/encounters/")) {
        assertEquals(Set.of(), encounters.validate(j), line);
        j.get("records").forEach(r -> batchRecords.add(r.get("id").asText()));
      } else {
        assertEquals(Set.of(), exposure.validate(j), line);
        exposures.add(j);
      }
    }
    assertFalse(exposures.isEmpty(), "exposures printed after the batches");
    for (JsonNode e : exposures) {
      assertTrue(batchRecords.contains(e.get("record").asText()), "an exposure names a published record: " + e);
    }
  }

  private static JsonSchema schema(String file) throws IOException {
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(JSON.readTree(DOCS.resolve("schema/" + file).toFile()));
  }
}
