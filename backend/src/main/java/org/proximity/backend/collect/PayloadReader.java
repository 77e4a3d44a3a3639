package org.proximity.backend.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import org.proximity.backend.collect.Inbound.Reason;
import org.proximity.backend.collect.Inbound.Rejected;
import org.proximity.contract.payload.BatchDecoder;
import org.proximity.contract.payload.EncounterMessage;
import org.proximity.contract.payload.PayloadException;

/**
 * Reads one MQTT message into an {@link Inbound}: the topic must be
 * {@code <prefix>/<site>/<gateway>/<leaf>}, the payload must carry the leaf's schema id, validate
 * against that schema, name the topic's site and gateway, and (encounters) decode under the
 * contract's further rules. Encounters are validated by the contract's decoder, which checks all
 * that their schema checks ({@link BatchDecoder#decodeValid}) at a fraction of a JSON Schema
 * validator's cost (docs/benchmarks.md); the other leaves by the validator. Anything else becomes a
 * {@link Rejected} with its reason; nothing is thrown. Pure: no clock, no I/O.
 */
public final class PayloadReader {
  private final String prefix;
  private final SchemaCatalog schemas;

  public PayloadReader(String prefix, SchemaCatalog schemas) {
    this.prefix = prefix;
    this.schemas = schemas;
  }

  public Inbound read(String topic, byte[] payload) {
    String[] levels = topic.split("/", -1);
    Leaf leaf = levels.length == 4 && levels[0].equals(prefix) ? Leaf.of(levels[3]) : null;
    if (leaf == null) {
      return new Rejected(topic, null, null, Reason.UNKNOWN_TOPIC,
          "topic is not " + prefix + "/<site>/<gateway>/encounters|crowd|health|status", payload);
    }
    String site = levels[1];
    String gateway = levels[2];
    try {
      return leaf == Leaf.STATUS ? status(site, gateway, payload) : json(leaf, site, gateway, payload);
    } catch (PayloadException e) {
      return new Rejected(topic, site, gateway, Reason.of(e.reason()), e.getMessage(), payload);
    }
  }

  private Inbound status(String site, String gateway, byte[] payload) throws PayloadException {
    String word = new String(payload, StandardCharsets.UTF_8);
    if (schemas.violation(Leaf.STATUS, TextNode.valueOf(word)) != null) {
      throw new PayloadException(PayloadException.Reason.INVALID,
          "status must be the word online or offline, was " + payload.length + " bytes");
    }
    return new Inbound.Status(site, gateway, word);
  }

  private Inbound json(Leaf leaf, String site, String gateway, byte[] payload) throws PayloadException {
    JsonNode j = BatchDecoder.parse(payload);
    JsonNode schema = j.get("schema");
    if (schema != null && schema.isTextual() && !schema.asText().equals(schemas.id(leaf))) {
      throw new PayloadException(PayloadException.Reason.UNKNOWN_SCHEMA,
          "schema must be " + schemas.id(leaf) + " on " + leaf.level() + ", was " + schema.asText());
    }
    if (leaf == Leaf.ENCOUNTERS) {
      // decoded (and so validated) first: the topic check below reads site and gateway as strings
      EncounterMessage m = BatchDecoder.decodeValid(j);
      sameSource(site, gateway, j);
      return new Inbound.Encounters(m, j.get("counts").toString(), payload.length);
    }
    String violation = schemas.violation(leaf, j);
    if (violation != null) {
      throw invalid(violation);
    }
    sameSource(site, gateway, j);
    try {
      return switch (leaf) {
        case CROWD -> crowd(j, site, gateway);
        case HEALTH -> new Inbound.Health(site, gateway, Instant.parse(j.get("time").asText()),
            new String(payload, StandardCharsets.UTF_8));
        case ENCOUNTERS, STATUS -> throw new IllegalStateException(leaf + " is read above");
      };
    } catch (DateTimeException e) {
      throw invalid(e.getMessage());
    }
  }

  private static void sameSource(String site, String gateway, JsonNode j) throws PayloadException {
    if (!site.equals(j.get("site").asText()) || !gateway.equals(j.get("gateway").asText())) {
      throw invalid("site and gateway " + j.get("site").asText() + "/" + j.get("gateway").asText()
          + " differ from the topic's " + site + "/" + gateway);
    }
  }

  private static Inbound crowd(JsonNode j, String site, String gateway) {
    return new Inbound.Crowd(site, gateway, Instant.parse(j.get("minute").asText()),
        j.get("advertisements").toString(), j.get("distinct").toString(),
        j.get("bluezone_ios_presences").asLong(), j.get("malformed").asLong(), j.get("overflow").asLong(),
        j.get("late").asLong(), j.get("future").asLong());
  }

  private static PayloadException invalid(String message) {
    return new PayloadException(PayloadException.Reason.INVALID, message);
  }
}
