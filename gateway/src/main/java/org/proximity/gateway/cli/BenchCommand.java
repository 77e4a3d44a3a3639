package org.proximity.gateway.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.proximity.common.cli.ExitCodes;
import org.proximity.gateway.bench.BenchResult;
import org.proximity.gateway.bench.BenchSettings;
import org.proximity.gateway.bench.ResourceSeries;
import org.proximity.gateway.bench.StationBench;
import org.proximity.gateway.bucket.EncounterAggregator;
import org.proximity.gateway.publish.MqttTransport;
import org.proximity.gateway.radio.AdvertisementSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: a simulated station at full speed through the service's whole path to a broker,
 * and the figures of docs/benchmarks.md; {@code --soak}: hours of simulated time with broker
 * restarts, rush-hour waves, a midnight key ratchet and a clock step, and a check that heap,
 * threads, open files and the outbox stay flat.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a simulated station at full speed through the service's whole path (source thread, queue, decode, "
          + "hash, buckets, file outbox, forwarder, Paho) to the MQTT broker at --broker, with its own subscriber, and "
          + "prints throughput, CPU and allocation per advertisement, heap, start-up time, publish latency and lost "
          + "batches (--json: one JSON object).",
      "The advertisements are generated ahead of each timed stretch.",
      "The gateway carries no broker: start one (e.g. mosquitto -p 1883) and give its URL.",
      "--soak adds rush-hour waves, a clock step, a midnight key ratchet and a broker restart every "
          + "--restart-every (by running --broker-restart), and checks that heap, threads, open files and outbox stay flat.",
      "See docs/benchmarks.md. Exit 0 ok, 1 batches lost or a resource grew (or the broker unreachable), 2 usage."
    })
public final class BenchCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--broker", required = true, paramLabel = "URL",
      description = "The MQTT broker, e.g. tcp://127.0.0.1:1883 (required: the gateway carries none).")
  String broker;

  @Option(names = "--phones", defaultValue = "2000", description = "Tracing-app phones present at a time (default: ${DEFAULT-VALUE}).")
  int phones;

  @Option(names = "--background", description = "Devices without a tracing app (default: a quarter of --phones).")
  Integer background;

  @Option(names = "--sim-minutes", defaultValue = "60", description = "Simulated minutes (default: ${DEFAULT-VALUE}; --soak: 480).")
  Integer simMinutes;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulation (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--start", paramLabel = "INSTANT",
      description = "Simulated start, e.g. 2026-12-03T07:00:00Z (default: today 07:00 UTC; --soak: today 20:00 UTC, to cross midnight).")
  String start;

  @Option(names = "--max-ids", defaultValue = "50000",
      description = "Rolling IDs and addresses tracked per bucket, as buckets.max_ids (default: ${DEFAULT-VALUE}).")
  int maxIds;

  @Option(names = "--chunk", defaultValue = "160000",
      description = "Advertisements generated ahead per timed stretch, 48 bytes each in the heap; at most half of -Xmx "
          + "(default: ${DEFAULT-VALUE}).")
  int chunk;

  @Option(names = "--json", description = "Print one JSON object instead of the summary.")
  boolean json;

  @Option(names = "--soak", description = "The soak: waves, clock step, key ratchet, broker restarts, resource series.")
  boolean soak;

  @Option(names = "--broker-restart", paramLabel = "COMMAND",
      description = "Shell command that restarts the broker (--soak), e.g. \"systemctl restart mosquitto\".")
  String brokerRestart;

  @Option(names = "--restart-every", defaultValue = "5m", converter = DurationConverter.class,
      description = "Simulated time between broker restarts (--soak; default: ${DEFAULT-VALUE}).")
  Duration restartEvery;

  @Option(names = "--sample-every", defaultValue = "10m", converter = DurationConverter.class,
      description = "Simulated time between resource samples (default: ${DEFAULT-VALUE}).")
  Duration sampleEvery;

  @Override
  public Integer call() throws InterruptedException {
    validate();
    PrintWriter err = spec.commandLine().getErr();
    int others = background != null ? background : phones / 4;
    int minutes = simMinutes != null && spec.commandLine().getParseResult().hasMatchedOption("--sim-minutes") ? simMinutes
        : soak ? 480 : 60;
    Instant from = startInstant();
    BenchSettings settings = soak
        ? BenchSettings.soak(phones, others, Duration.ofMinutes(minutes), from, seed, broker, chunk, restartEvery,
            this::restartBroker, sampleEvery)
        : BenchSettings.throughput(phones, others, Duration.ofMinutes(minutes), from, seed, broker, maxIds, chunk);
    BenchResult r;
    try {
      r = new StationBench(settings, err).run();
    } catch (MqttTransport.TransportException | AdvertisementSource.SourceException e) {
      throw new ExitCodes.CommandFailure(ExitCodes.FAILURE, "cannot use the broker at " + broker + ": " + e.getMessage());
    } catch (IOException e) {
      throw new ExitCodes.CommandFailure(ExitCodes.IO_ERROR, "I/O error: " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(json ? json(r, minutes, others) : summary(r, minutes, others));
    out.flush();
    if (r.lost() > 0) {
      err.println("bench: FAILED: " + r.lost() + " batches closed but not received");
      return ExitCodes.FAILURE;
    }
    if (soak && !r.growth().isEmpty()) {
      err.println("bench: FAILED: " + String.join("; ", r.growth()));
      return ExitCodes.FAILURE;
    }
    return ExitCodes.OK;
  }

  private void validate() {
    if (!broker.matches("(tcp|ssl)://[^\\s/]+")) {
      usage("--broker must be tcp://HOST:PORT or ssl://HOST:PORT, was \"" + broker + "\"");
    }
    if (phones < 0 || (background != null && background < 0)) {
      usage("--phones and --background must be at least 0, were " + phones + " and " + background);
    }
    if (simMinutes != null && simMinutes < 1) {
      usage("--sim-minutes must be at least 1, was " + simMinutes);
    }
    if (maxIds < 1 || chunk < 1) {
      usage("--max-ids and --chunk must be at least 1, were " + maxIds + " and " + chunk);
    }
    if (chunk > BenchSettings.MAX_CHUNK) {
      usage("--chunk must be at most " + BenchSettings.MAX_CHUNK + " (48 bytes each, in one array), was " + chunk);
    }
    long chunkMb = ((long) BenchSettings.CHUNK_BYTES_PER_ADVERT * chunk) >> 20;
    long heapMb = Runtime.getRuntime().maxMemory() >> 20;
    if (chunkMb > heapMb / 2) {
      usage("--chunk " + chunk + " needs " + chunkMb + " MB of heap (" + BenchSettings.CHUNK_BYTES_PER_ADVERT
          + " bytes an advertisement), more than half the "
          + heapMb + " MB this JVM may use (-Xmx)");
    }
    if (maxIds > EncounterAggregator.Limits.MAX) {
      usage("--max-ids must be at most " + EncounterAggregator.Limits.MAX + " (as buckets.max_ids), was " + maxIds);
    }
    if (soak && (brokerRestart == null || brokerRestart.isBlank())) {
      usage("--soak needs --broker-restart COMMAND, the shell command that restarts the broker");
    }
    if (restartEvery.toSeconds() < 60 || sampleEvery.toSeconds() < 60) {
      usage("--restart-every and --sample-every must be at least 1m, were " + restartEvery + " and " + sampleEvery);
    }
  }

  private Instant startInstant() {
    if (start == null) {
      return LocalDate.now(ZoneOffset.UTC).atTime(soak ? 20 : 7, 0).toInstant(ZoneOffset.UTC);
    }
    try {
      return Instant.parse(start);
    } catch (DateTimeParseException e) {
      throw usage("--start must be an instant such as 2026-12-03T07:00:00Z, was \"" + start + "\"");
    }
  }

  private ExitCodes.CommandFailure usage(String message) {
    throw new ExitCodes.CommandFailure(ExitCodes.USAGE, message);
  }

  private void restartBroker() {
    try {
      Process p = new ProcessBuilder("sh", "-c", brokerRestart).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        spec.commandLine().getErr().println("bench: --broker-restart did not succeed within 60 s");
      }
    } catch (IOException e) {
      spec.commandLine().getErr().println("bench: --broker-restart cannot run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String summary(BenchResult r, int minutes, int others) {
    StringWriter w = new StringWriter();
    PrintWriter p = new PrintWriter(w);
    p.printf("bench: %d phones and %d other devices, %d simulated minutes, %d CPUs%n", phones, others, minutes, r.cpus());
    p.printf("  advertisements: %,d in %.2f s timed: %,.0f per second%n", r.adverts(), r.seconds(), r.advertsPerSecond());
    p.printf("  per advertisement: %.0f ns CPU, %.1f bytes allocated; collectors %d ms in all%n", r.cpuNanosPerAdvert(),
        r.allocBytesPerAdvert(), r.gcMillis());
    StringBuilder byThread = new StringBuilder();
    r.cpuNanosPerAdvertByThread().forEach((name, ns) -> {
      if (Math.round(ns) > 0) {
        byThread.append(byThread.length() == 0 ? "" : ", ").append(name).append(' ').append(Math.round(ns));
      }
    });
    p.printf("  CPU ns per advertisement by thread: %s%n", byThread);
    p.printf("  heap peak: %.1f MB (of which %.1f MB the pre-generated chunk)%n", r.heapPeakMb(), r.chunkMb());
    p.printf("  start-up to the first advertisement processed: %d ms%n", r.startupMillis());
    p.printf("  batches: %d closed, %d lost; %d messages, %d records, %d duplicates%n", r.batches(), r.lost(),
        r.messages(), r.records(), r.duplicates());
    p.printf("  publish latency (outbox to subscriber): p50 %.1f ms, p99 %.1f ms%n", r.publishLatencyMillisP50(),
        r.publishLatencyMillisP99());
    p.printf("  distinct rolling IDs in the busiest bucket: %d%n", r.distinctIds());
    p.printf("  generating the station (not timed): %.1f s%n", r.generationSeconds());
    if (soak) {
      p.printf("  broker restarts: %d, reconnects: %d, key ratchets: %d%n", r.brokerRestarts(), r.reconnects(), r.keyRatchets());
      p.printf("  resources: %s%n", r.growth().isEmpty() ? "flat" : String.join("; ", r.growth()));
    }
    p.flush();
    return w.toString().stripTrailing();
  }

  private String json(BenchResult r, int minutes, int others) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
      g.writeStartObject();
      g.writeNumberField("phones", phones);
      g.writeNumberField("background", others);
      g.writeNumberField("sim_minutes", minutes);
      g.writeNumberField("cpus", r.cpus());
      g.writeNumberField("adverts", r.adverts());
      g.writeNumberField("seconds", round(r.seconds(), 3));
      g.writeNumberField("adverts_per_s", Math.round(r.advertsPerSecond()));
      g.writeNumberField("cpu_ns_per_advert", round(r.cpuNanosPerAdvert(), 1));
      g.writeObjectFieldStart("cpu_ns_per_advert_by_thread");
      for (Map.Entry<String, Double> e : r.cpuNanosPerAdvertByThread().entrySet()) {
        g.writeNumberField(e.getKey(), round(e.getValue(), 1));
      }
      g.writeEndObject();
      g.writeNumberField("alloc_bytes_per_advert", round(r.allocBytesPerAdvert(), 1));
      g.writeNumberField("gc_ms", r.gcMillis());
      g.writeNumberField("heap_peak_mb", round(r.heapPeakMb(), 1));
      g.writeNumberField("chunk_mb", round(r.chunkMb(), 1));
      g.writeNumberField("startup_ms", r.startupMillis());
      g.writeNumberField("records", r.records());
      g.writeNumberField("batches", r.batches());
      g.writeNumberField("messages", r.messages());
      g.writeNumberField("publish_latency_ms_p50", round(r.publishLatencyMillisP50(), 2));
      g.writeNumberField("publish_latency_ms_p99", round(r.publishLatencyMillisP99(), 2));
      g.writeNumberField("lost", r.lost());
      g.writeNumberField("duplicates", r.duplicates());
      g.writeNumberField("distinct_ids", r.distinctIds());
      g.writeNumberField("generation_s", round(r.generationSeconds(), 2));
      if (soak) {
        g.writeNumberField("broker_restarts", r.brokerRestarts());
        g.writeNumberField("reconnects", r.reconnects());
        g.writeNumberField("key_ratchets", r.keyRatchets());
        writeSeries(g, r.series());
        g.writeArrayFieldStart("growth");
        for (String s : r.growth()) {
          g.writeString(s);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private static void writeSeries(JsonGenerator g, List<ResourceSeries.Sample> series) throws IOException {
    g.writeArrayFieldStart("series");
    for (ResourceSeries.Sample s : series) {
      g.writeStartObject();
      g.writeStringField("at", s.at().toString());
      g.writeNumberField("heap_mb", round(s.heapBytes() / 1048576.0, 2));
      g.writeNumberField("threads", s.threads());
      g.writeNumberField("open_files", s.openFiles());
      g.writeNumberField("outbox", s.outbox());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static double round(double v, int places) {
    if (Double.isNaN(v)) {
      return -1;
    }
    double f = Math.pow(10, places);
    return Math.round(v * f) / f;
  }
}
