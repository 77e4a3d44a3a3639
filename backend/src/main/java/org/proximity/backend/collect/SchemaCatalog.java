package org.proximity.backend.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The published JSON Schemas, read from the contract jar (docs/schema is their single source). A
 * schema's {@code title} is the {@code schema} value its payloads carry, so a new schema version
 * in the contract is picked up here without a second list of names.
 */
public final class SchemaCatalog {
  private static final String DIR = "org/proximity/contract/schema/";

  private final Map<Leaf, JsonSchema> schemas = new EnumMap<>(Leaf.class);
  private final Map<Leaf, String> ids = new EnumMap<>(Leaf.class);

  public SchemaCatalog() {
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    ObjectMapper json = new ObjectMapper();
    for (Leaf leaf : Leaf.values()) {
      JsonNode tree = load(json, leaf.schemaFile());
      schemas.put(leaf, factory.getSchema(tree));
      ids.put(leaf, tree.path("title").asText());
    }
  }

  private static JsonNode load(ObjectMapper json, String file) {
    try (InputStream in = SchemaCatalog.class.getClassLoader().getResourceAsStream(DIR + file)) {
      if (in == null) {
        throw new IllegalStateException(DIR + file + " is missing from the class path (the contract jar)");
      }
      return json.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DIR + file, e);
    }
  }

  /** The {@code schema} value a payload on this leaf must carry. */
  public String id(Leaf leaf) {
    return ids.get(leaf);
  }

  /** The first violation of the leaf's schema, or null when {@code payload} is valid. */
  public String violation(Leaf leaf, JsonNode payload) {
    Set<ValidationMessage> errors = schemas.get(leaf).validate(payload);
    return errors.isEmpty() ? null : errors.iterator().next().getMessage();
  }
}
