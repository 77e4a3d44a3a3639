package org.proximity.backend.match;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.proximity.contract.payload.EncounterRecord;

/**
 * One exposure as one JSON line, schema {@value #SCHEMA} (docs/schema/exposure.schema.json). Field
 * names and order are a contract: add fields, never rename or remove them without a new version.
 */
public final class ExposureJson {
  public static final String SCHEMA = "proximity-backend/exposure/1";
  private static final JsonFactory JSON = new JsonFactory();

  private ExposureJson() {}

  /** The JSON object, without a line end. */
  public static String line(Exposure e) {
    StringWriter out = new StringWriter(400);
    EncounterRecord r = e.stored().record();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("schema", SCHEMA);
      g.writeStringField("kind", e.kind().wireName());
      g.writeStringField("key", e.keyHex());
      g.writeStringField("site", e.stored().site());
      g.writeStringField("gateway", e.stored().gateway());
      g.writeObjectFieldStart("bucket");
      g.writeStringField("start", e.stored().bucket().start().toString());
      g.writeNumberField("minutes", e.stored().bucket().width().minutes());
      g.writeEndObject();
      g.writeStringField("record", r.id());
      g.writeStringField("first", r.first().toString());
      g.writeStringField("last", r.last().toString());
      g.writeNumberField("duration_s", e.durationSeconds());
      g.writeNumberField("n", r.sightings());
      g.writeObjectFieldStart("rssi");
      g.writeNumberField("min", r.rssi().min());
      g.writeNumberField("median", r.rssi().median());
      g.writeNumberField("max", r.rssi().max());
      g.writeEndObject();
      if (e.txPower().isPresent()) {
        g.writeNumberField("tx_power", e.txPower().getAsInt());
        g.writeNumberField("attenuation_db", e.attenuationDb().getAsInt());
      }
      g.writeEndObject();
    } catch (IOException x) {
      throw new UncheckedIOException("writing JSON to memory failed", x);
    }
    return out.toString();
  }
}
