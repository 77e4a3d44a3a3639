package org.proximity.contract.payload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/** The per-minute crowd payload, schema {@value #SCHEMA} (docs/payloads.md, docs/crowd.md). */
public final class CrowdCodec {
  public static final String SCHEMA = "proximity-gateway/crowd/1";
  private static final JsonFactory JSON = new JsonFactory();

  public byte[] encode(String site, String gateway, CrowdMinute m) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("schema", SCHEMA);
      g.writeStringField("site", site);
      g.writeStringField("gateway", gateway);
      g.writeStringField("minute", m.start().toString());
      g.writeObjectFieldStart("advertisements");
      for (Map.Entry<String, Long> e : new TreeMap<>(m.advertisements()).entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeObjectFieldStart("distinct");
      for (Map.Entry<String, Integer> e : new TreeMap<>(m.distinct()).entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeNumberField("bluezone_ios_presences", m.bluezoneIosPresences());
      g.writeNumberField("malformed", m.malformed());
      g.writeNumberField("overflow", m.overflow());
      g.writeNumberField("late", m.late());
      g.writeNumberField("future", m.future());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    return out.toByteArray();
  }
}
