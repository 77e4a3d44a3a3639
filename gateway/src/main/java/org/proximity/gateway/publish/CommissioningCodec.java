package org.proximity.gateway.publish;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The commissioning report that {@code selftest} publishes retained, schema {@value #SCHEMA}
 * (docs/payloads.md): each check with its outcome, the versions, and what the radio heard. Its
 * details name files, URLs and key ids, never a secret, a raw ID or an address.
 */
public final class CommissioningCodec {
  public static final String SCHEMA = "proximity-gateway/commissioning/1";
  private static final JsonFactory JSON = new JsonFactory();

  /** A check's outcome; {@code fail} makes {@code selftest} exit 1. */
  public enum Outcome {
    OK, WARN, FAIL;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One check: a short name ({@code keys}, {@code broker_acl}), its outcome and one line saying why. */
  public record Check(String name, Outcome outcome, String detail) {
    public Check {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** What the radio heard while {@code selftest} listened; empty counts for a source without hardware. */
  public record RadioCounts(String source, long listenedSeconds, long advertisements, Map<String, Long> byKind) {
    public RadioCounts {
      byKind = Map.copyOf(byKind);
    }
  }

  public record Report(String site, String gateway, Instant time, Map<String, String> versions, List<Check> checks,
      RadioCounts radio) {
    public Report {
      versions = Map.copyOf(versions);
      checks = List.copyOf(checks);
    }

    /** The worst outcome of all checks. */
    public Outcome result() {
      return checks.stream().map(Check::outcome).max(Enum::compareTo).orElse(Outcome.OK);
    }
  }

  public byte[] encode(Report r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("schema", SCHEMA);
      g.writeStringField("site", r.site());
      g.writeStringField("gateway", r.gateway());
      g.writeStringField("time", r.time().truncatedTo(ChronoUnit.SECONDS).toString());
      g.writeStringField("result", r.result().wireName());
      g.writeObjectFieldStart("versions");
      for (Map.Entry<String, String> e : new TreeMap<>(r.versions()).entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeArrayFieldStart("checks");
      for (Check c : r.checks()) {
        g.writeStartObject();
        g.writeStringField("name", c.name());
        g.writeStringField("outcome", c.outcome().wireName());
        g.writeStringField("detail", c.detail());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectFieldStart("radio");
      g.writeStringField("source", r.radio().source());
      g.writeNumberField("listened_s", r.radio().listenedSeconds());
      g.writeNumberField("advertisements", r.radio().advertisements());
      g.writeObjectFieldStart("by_kind");
      for (Map.Entry<String, Long> e : new TreeMap<>(r.radio().byKind()).entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    return out.toByteArray();
  }
}
