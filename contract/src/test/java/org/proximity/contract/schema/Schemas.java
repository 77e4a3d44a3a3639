package org.proximity.contract.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The schemas as the contract jar ships them, with {@code format} asserted (month 13 or February 30
 * fail {@code date-time}), as a consumer's validator should be configured (docs/payloads.md).
 */
public final class Schemas {
  /** docs/, for tests that read the documentation itself. */
  public static final Path DOCS = Path.of(System.getProperty("docs.dir", "../docs"));
  static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final SchemaValidatorsConfig ASSERT_FORMATS =
      SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

  private Schemas() {}

  /** A schema file by name, e.g. {@code encounters.schema.json}, from the class path. */
  public static JsonSchema load(String file) {
    return FACTORY.getSchema(json(file), ASSERT_FORMATS);
  }

  /** The schema file itself, as JSON. */
  public static JsonNode json(String file) {
    try (InputStream in = Schemas.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalArgumentException("no schema " + file + " in the contract jar");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
