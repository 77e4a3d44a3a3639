package org.proximity.gateway.app;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.proximity.contract.payload.ClockState;
import org.proximity.gateway.ad.DeviceKind;
import org.proximity.gateway.clock.MonotonicClock;
import org.proximity.gateway.files.AtomicFile;
import org.proximity.gateway.publish.Forwarder;
import org.proximity.gateway.publish.Outbox;
import org.proximity.gateway.radio.AdvertisementSource;
import org.proximity.gateway.radio.RadioHealth;
import org.proximity.gateway.status.GatewayStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread {@value #THREAD_NAME}: every {@link #PERIOD} replaces {@value #FILE_NAME} in the
 * state directory (written beside it, then renamed over it, so a reader never sees half a file)
 * for the {@code status} command. Deleted on a clean stop; a killed service leaves a file that
 * grows stale, which {@code status} says. Reads only snapshots and thread-safe counters.
 */
final class StatusFileWriter implements AutoCloseable {
  static final String THREAD_NAME = "status-file";
  static final String FILE_NAME = "status.json";
  static final String SCHEMA = "proximity-gateway/status-file/1";
  static final Duration PERIOD = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(StatusFileWriter.class);
  private static final JsonFactory JSON = new JsonFactory();

  /** What the file reports besides the gateway's own counters. */
  record Sources(AdvertisementSource source, Supplier<ClockState> clock, LongSupplier dayKeyEpochDay,
      Supplier<GatewayStatus> led) {}

  private final Path file;
  private final Gateway gateway;
  private final Sources sources;
  private final InstantSource wall;
  private final MonotonicClock monotonic;
  private final Instant started;
  private final ScheduledExecutorService timer;
  // owned by the timer thread
  private Map<DeviceKind, Long> lastByKind = Map.of();
  private long lastNanos;
  private long lastPublished;
  private Instant lastPublish;
  private boolean failedOnce;

  StatusFileWriter(Path file, Gateway gateway, Sources sources, InstantSource wall, MonotonicClock monotonic) {
    this.file = file;
    this.gateway = gateway;
    this.sources = sources;
    this.wall = wall;
    this.monotonic = monotonic;
    this.lastNanos = monotonic.nanos();
    this.started = wall.instant();
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, THREAD_NAME);
      t.setDaemon(true);
      return t;
    });
  }

  void start() {
    timer.scheduleWithFixedDelay(this::writeSafely, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void writeSafely() {
    try {
      write();
      failedOnce = false;
    } catch (IOException | RuntimeException e) {
      if (!failedOnce) {
        LOG.warn("status file {} not written: {}", file, e.toString());
      }
      failedOnce = true;
    }
  }

  /** Not synced to disk: rewritten every few seconds and of no use after a power cut. */
  void write() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      encode(g);
    }
    AtomicFile.write(file, out.toByteArray(), AtomicFile.Option.NO_SYNC);
  }

  private void encode(JsonGenerator g) throws IOException {
    Instant now = wall.instant();
    PipelineStats p = gateway.pipeline().stats();
    long nanos = monotonic.nanos();
    double seconds = Math.max(1e-3, (nanos - lastNanos) / 1e9);
    Forwarder f = gateway.forwarder();
    if (f.published() != lastPublished) {
      lastPublished = f.published();
      lastPublish = now; // seen at this write: to within PERIOD
    }
    g.writeStartObject();
    g.writeStringField("schema", SCHEMA);
    g.writeStringField("written", now.truncatedTo(ChronoUnit.SECONDS).toString());
    g.writeNumberField("pid", ProcessHandle.current().pid());
    g.writeStringField("started", started.truncatedTo(ChronoUnit.SECONDS).toString());
    g.writeStringField("source", sources.source().name());
    g.writeObjectFieldStart("per_second");
    Map<String, Double> rates = new TreeMap<>();
    p.advertisementsByKind().forEach((k, v) -> rates.put(k.wireName(), (v - lastByKind.getOrDefault(k, 0L)) / seconds));
    for (Map.Entry<String, Double> e : rates.entrySet()) {
      g.writeNumberField(e.getKey(), Math.round(e.getValue() * 10) / 10.0);
    }
    g.writeEndObject();
    lastByKind = p.advertisementsByKind();
    lastNanos = nanos;
    g.writeNumberField("tracked_ids", p.trackedIds());
    g.writeNumberField("batches", p.batches());
    Outbox.OutboxStats o = gateway.outbox().stats();
    g.writeObjectFieldStart("outbox");
    g.writeNumberField("entries", o.entries());
    writeTimeOrNull(g, "oldest", o.oldest());
    g.writeEndObject();
    g.writeObjectFieldStart("broker");
    g.writeBooleanField("connected", f.connected());
    g.writeNumberField("reconnects", f.reconnects());
    g.writeNumberField("published", f.published());
    writeTimeOrNull(g, "last_publish", lastPublish);
    g.writeEndObject();
    RadioHealth r = sources.source().radioHealth().orElse(null);
    g.writeObjectFieldStart("radio");
    RadioHealth.Recovery ladder = r == null ? null : r.recovery();
    g.writeStringField("state", r == null ? "RUNNING" : r.state().name());
    g.writeNumberField("recoveries", r == null ? 0
        : ladder.discoveryRestarts() + ladder.quietRestarts() + ladder.powerCycles() + ladder.adapterReturns());
    g.writeNumberField("adapter_losses", r == null ? 0 : ladder.adapterLosses());
    g.writeEndObject();
    ClockState c = sources.clock().get();
    g.writeObjectFieldStart("clock");
    g.writeBooleanField("synced", c != null && c.synced());
    g.writeStringField("source", c == null ? "unknown" : c.source());
    g.writeEndObject();
    long day = sources.dayKeyEpochDay().getAsLong();
    if (day < 0) {
      g.writeNullField("day_key");
    } else {
      g.writeStringField("day_key", LocalDate.ofEpochDay(day).toString());
    }
    GatewayStatus led = sources.led().get();
    if (led == null) {
      g.writeNullField("led");
    } else {
      g.writeStringField("led", led.name());
    }
    g.writeEndObject();
  }

  private static void writeTimeOrNull(JsonGenerator g, String field, Instant t) throws IOException {
    if (t == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, t.truncatedTo(ChronoUnit.SECONDS).toString());
    }
  }

  /** Stops writing and deletes the file: a stopped service has no status. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
      Files.deleteIfExists(file);
      Files.deleteIfExists(AtomicFile.temporary(file));
    } catch (IOException e) {
      LOG.warn("status file {} not deleted: {}", file, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
