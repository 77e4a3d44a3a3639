package org.proximity.gateway.health;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import org.proximity.gateway.publish.KeyStats;
import org.proximity.gateway.publish.Outbox;
import org.proximity.gateway.radio.RadioHealth;
import org.proximity.gateway.radio.gatt.GattOutcome;
import org.proximity.gateway.radio.gatt.GattReadStats;

/**
 * The health payload, schema {@value #SCHEMA} (docs/payloads.md): writes a {@link Health} snapshot
 * as JSON. Never carries a secret.
 */
public final class HealthCodec {
  public static final String SCHEMA = "proximity-gateway/health/1";
  private static final JsonFactory JSON = new JsonFactory();

  public byte[] encode(Health h) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("schema", SCHEMA);
      g.writeStringField("site", h.origin().site());
      g.writeStringField("gateway", h.origin().gateway());
      g.writeStringField("version", h.origin().version());
      g.writeStringField("time", h.time().truncatedTo(ChronoUnit.SECONDS).toString());
      g.writeNumberField("uptime_s", h.uptime().toSeconds());
      Health.Advertisements a = h.advertisements();
      g.writeObjectFieldStart("advertisements");
      g.writeNumberField("per_second", Math.round(a.perSecond() * 10) / 10.0);
      g.writeNumberField("total", a.total());
      writeCounts(g, "by_kind", a.byKind());
      writeCounts(g, "malformed_by_reason", a.malformedByReason());
      g.writeEndObject();
      Health.Pipeline p = h.pipeline();
      Outbox.OutboxStats o = h.outbox();
      g.writeObjectFieldStart("pipeline");
      g.writeNumberField("queue_depth", p.queueDepth());
      g.writeNumberField("tracked_ids", p.trackedIds());
      g.writeObjectFieldStart("dropped");
      g.writeNumberField("queue_full", p.droppedByQueue());
      g.writeNumberField("outbox_bounds", o.dropped());
      g.writeNumberField("no_day_key", p.unhashableBuckets());
      g.writeEndObject();
      g.writeNumberField("internal_errors", p.internalErrors());
      g.writeEndObject();
      g.writeObjectFieldStart("outbox");
      g.writeNumberField("entries", o.entries());
      g.writeNumberField("bytes", o.bytes());
      if (o.oldest() == null) {
        g.writeNullField("oldest_age_s");
      } else {
        g.writeNumberField("oldest_age_s", Math.max(0, Duration.between(o.oldest(), h.time()).toSeconds()));
      }
      g.writeNumberField("torn_on_open", o.tornOnOpen());
      g.writeEndObject();
      g.writeObjectFieldStart("broker");
      g.writeBooleanField("connected", h.broker().connected());
      g.writeNumberField("reconnects", h.broker().reconnects());
      g.writeNumberField("published", h.broker().published());
      g.writeNumberField("rejected", h.broker().rejected());
      g.writeNumberField("oversized_packets", h.broker().oversizedPackets());
      g.writeNumberField("ack_timeouts", h.broker().ackTimeouts());
      g.writeBooleanField("stalled", h.broker().stalled());
      g.writeEndObject();
      writeRadio(g, h.radio());
      g.writeObjectFieldStart("clock");
      g.writeBooleanField("synced", h.clock().synced());
      g.writeStringField("source", h.clock().source());
      g.writeEndObject();
      g.writeObjectFieldStart("keys");
      if (h.keys().day() == KeyStats.UNKNOWN_DAY) {
        g.writeNullField("day");
      } else {
        g.writeStringField("day", LocalDate.ofEpochDay(h.keys().day()).toString());
      }
      g.writeBooleanField("hashing", h.keys().hashing());
      g.writeBooleanField("file_current", h.keys().fileCurrent());
      g.writeNumberField("file_write_failures", h.keys().fileWriteFailures());
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    return out.toByteArray();
  }

  private static void writeCounts(JsonGenerator g, String name, Map<String, Long> counts) throws IOException {
    g.writeObjectFieldStart(name);
    for (Map.Entry<String, Long> e : new TreeMap<>(counts).entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  private static void writeRadio(JsonGenerator g, Health.Radio radio) throws IOException {
    RadioHealth r = radio.health();
    GattReadStats gatt = radio.gattReads();
    g.writeObjectFieldStart("radio");
    g.writeStringField("source", radio.source());
    if (r != null) {
      g.writeStringField("state", r.state().name());
      g.writeNumberField("bluez_devices", r.cache().bluezDevices());
      g.writeNumberField("devices_removed", r.cache().devicesRemoved());
      RadioHealth.Recovery ladder = r.recovery();
      g.writeObjectFieldStart("recovery");
      g.writeNumberField("discovery_restarts", ladder.discoveryRestarts());
      g.writeNumberField("quiet_restarts", ladder.quietRestarts());
      g.writeNumberField("power_cycles", ladder.powerCycles());
      g.writeNumberField("adapter_losses", ladder.adapterLosses());
      g.writeNumberField("adapter_returns", ladder.adapterReturns());
      g.writeNumberField("action_failures", ladder.actionFailures());
      g.writeEndObject();
      g.writeNumberField("reports_without_rssi", r.reports().reportsWithoutRssi());
    }
    if (gatt != null) {
      g.writeObjectFieldStart("bluezone_ios_reads");
      g.writeNumberField("attempts", gatt.attempts());
      for (GattOutcome o : GattOutcome.values()) {
        g.writeNumberField(o.wireName(), gatt.outcome(o));
      }
      g.writeObjectFieldStart("skipped");
      g.writeNumberField("same_slot", gatt.skippedSlot());
      g.writeNumberField("per_minute", gatt.skippedRate());
      g.writeNumberField("busy", gatt.skippedBusy());
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndObject();
  }
}
