package org.proximity.gateway.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.proximity.common.mqtt.MqttSettings;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.ClockState;
import org.proximity.contract.payload.TopicScheme;
import org.proximity.contract.rollingid.SiteRootKey;
import org.proximity.gateway.app.DayKeyState;
import org.proximity.gateway.app.Gateway;
import org.proximity.gateway.app.RatchetingKeys;
import org.proximity.gateway.bucket.EncounterAggregator;
import org.proximity.gateway.clock.MonotonicClock;
import org.proximity.gateway.keys.KeyFiles;
import org.proximity.gateway.publish.MqttTransport;
import org.proximity.gateway.publish.file.FileOutbox;
import org.proximity.gateway.publish.paho.PahoMqttTransport;
import org.proximity.gateway.radio.AdvertisementSource;
import org.proximity.gateway.radio.simulator.SimulationConfig;

/**
 * Runs a simulated station through the service's whole path — source thread, queue, decode, hash,
 * buckets, file outbox, forwarder, Paho — to a broker, and measures it (docs/benchmarks.md). The
 * station is generated chunk by chunk between timed stretches; each stretch hands one chunk to the
 * source and ends when the pipeline has processed all of it and the outbox is empty, so nothing the
 * gateway does for a chunk falls outside the timed part.
 */
public final class StationBench {
  private static final Duration SETTLE = Duration.ofSeconds(60);
  private static final int BUCKET_MINUTES = 30;

  private final BenchSettings s;
  private final PrintWriter progress;
  private final StretchMeter meter = new StretchMeter();
  private volatile Instant simNow;

  public StationBench(BenchSettings settings, PrintWriter progress) {
    this.s = settings;
    this.progress = progress;
  }

  public BenchResult run() throws IOException, MqttTransport.TransportException, AdvertisementSource.SourceException,
      InterruptedException {
    long setupStart = System.nanoTime();
    Instant end = s.start().plus(s.simulated());
    StationRecorder recorder = new StationRecorder(
        SimulationConfig.defaults(s.seed(), s.start()).withDevices(s.phones(), s.others()).withEnd(end), s.waves());
    if (s.clockStepAt() != null) {
      recorder.clockStep(s.clockStepAt(), s.clockStep());
    }
    Schedule schedule = new Schedule(s, end);
    long genNanos = 0;
    long t0 = System.nanoTime();
    Chunk chunk = recorder.next(schedule.next(s.start()), s.chunkAdverts());
    genNanos += System.nanoTime() - t0;
    double chunkMb = chunk == null ? 0 : chunk.bytes() / 1048576.0;
    String gatewayId = "bench-" + ProcessHandle.current().pid();
    TopicScheme topics = new TopicScheme("proximity", "bench", gatewayId);
    Path state = Files.createTempDirectory("pgw-bench");
    try (BenchSubscriber subscriber = new BenchSubscriber(s.brokerUrl(), gatewayId + "-backend", topics.encounters(), true);
        HeapPeak heap = new HeapPeak()) {
      // the bench's own instruments load their classes here, not inside the start-up they measure
      heap.start();
      meter.warmUp();
      long setupNanos = System.nanoTime() - setupStart;
      return run(recorder, schedule, chunk, heap, chunkMb, genNanos, setupNanos, topics, state, subscriber);
    } finally {
      deleteTree(state);
    }
  }

  private BenchResult run(StationRecorder recorder, Schedule schedule, Chunk first, HeapPeak heap, double chunkMb, long genNanos,
      long setupNanos, TopicScheme topics, Path state, BenchSubscriber subscriber)
      throws IOException, MqttTransport.TransportException, AdvertisementSource.SourceException, InterruptedException {
    SiteRootKey root = randomRootKey();
    long startDay = Math.floorDiv(s.start().getEpochSecond(), 86_400);
    Path keyFile = state.resolve("day.key");
    KeyFiles.writeDayKey(keyFile, root.dayKey(startDay));
    long[] ratchets = new long[1];
    RatchetingKeys keys = new RatchetingKeys(root.dayKey(startDay), next -> {
      ratchets[0]++;
      try {
        KeyFiles.writeDayKey(keyFile, next);
      } catch (IOException e) {
        progress.println("bench: could not replace the day key file: " + e);
      }
    }, RatchetingKeys.NO_CEILING, new DayKeyState());
    TimedOutbox outbox = new TimedOutbox(FileOutbox.open(state.resolve("outbox"), FileOutbox.Options.defaults(), InstantSource.system(),
        MonotonicClock.system()));
    PahoMqttTransport transport = new PahoMqttTransport(new MqttSettings(
        s.brokerUrl(), topics.gateway(), null, null, null, 60, 10, 32));
    ChunkSource source = new ChunkSource();
    simNow = s.start();
    Gateway.Settings settings = Gateway.Settings.builder(Gateway.Timing.SOURCE_TIME, topics)
        .buckets(new BucketWidth(BUCKET_MINUTES), new EncounterAggregator.Limits(s.maxIds(), s.maxIds()))
        .drainTimeout(SETTLE).build();
    Gateway gateway = new Gateway(settings, source, () -> simNow, MonotonicClock.system(), keys, outbox, outbox.sequence(), transport,
        () -> ClockState.SIMULATED);
    try {
      return measure(gateway, source, outbox, subscriber, recorder, schedule, first, heap, chunkMb, genNanos,
          setupNanos, ratchets);
    } finally {
      gateway.close(); // a no-op after a run that got to the end
    }
  }

  private BenchResult measure(Gateway gateway, ChunkSource source, TimedOutbox outbox, BenchSubscriber subscriber,
      StationRecorder recorder, Schedule schedule, Chunk first, HeapPeak heap, double chunkMb,
      long genNanos, long setupNanos, long[] ratchets)
      throws AdvertisementSource.SourceException, InterruptedException {
    ResourceSeries series = new ResourceSeries();
    long restarts = 0;
    long startupMillis;
    long adverts = 0;
    gateway.start();
    Chunk chunk = first;
    // the first stretch also times the start-up: JVM start to the first advertisement processed
    meter.start();
    source.offer(chunk);
    while (gateway.pipeline().processed() == 0 && chunk.size() > 0) {
      LockSupport.parkNanos(50_000);
    }
    startupMillis = ProcessAge.millis() - TimeUnit.NANOSECONDS.toMillis(setupNanos);
    boolean offered = true;
    while (chunk != null) {
      if (!offered) {
        meter.start();
        source.offer(chunk);
      }
      offered = false;
      source.awaitPlayed();
      adverts += chunk.size();
      awaitProcessed(gateway, source.delivered());
      int outboxAfterChunk = outbox.size();
      awaitOutboxEmpty(gateway);
      meter.stop(true);
      simNow = chunk.end().isAfter(simNow) ? chunk.end() : simNow;
      Instant boundary = schedule.target();
      if (recorder.reached() && schedule.isSample(boundary)) {
        awaitConnected(gateway, subscriber); // so that threads are compared connected with connected
        ResourceSeries.Sample sample = series.sample(boundary, outboxAfterChunk);
        if (s.soak()) {
          progress.printf("bench: %s heap %.1f MB, %d threads, %d open files, outbox %d%n", boundary,
              sample.heapBytes() / 1048576.0, sample.threads(), sample.openFiles(), sample.outbox());
          progress.flush();
        }
      }
      if (recorder.reached() && schedule.isRestart(boundary)) {
        s.restartBroker().run();
        subscriber.reconnect();
        restarts++;
      }
      long g = System.nanoTime();
      chunk = recorder.next(recorder.reached() ? schedule.next(boundary) : boundary, s.chunkAdverts());
      genNanos += System.nanoTime() - g;
    }
    // shutdown is timed too: partial buckets, hashing, publishing, until the subscriber has it all
    meter.start();
    gateway.close();
    boolean all = awaitReceived(outbox.appendedAt().keySet(), subscriber);
    meter.stop(false);
    if (!all) {
      progress.println("bench: the subscriber did not receive every message within " + SETTLE.toSeconds() + " s");
    }
    if (subscriber.undecodable() > 0) {
      progress.println("bench: " + subscriber.undecodable() + " messages refused by the contract's decoder, the last: "
          + subscriber.lastRefusal());
    }
    double heapPeakMb = heap.peakBytes() / 1048576.0;
    long batches = gateway.pipeline().stats().batches();
    List<Double> latencies = latenciesMillis(outbox.appendedAt(), subscriber.receivedAt());
    double seconds = meter.nanos() / 1e9;
    Map<String, Double> byThread = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : meter.cpuNanosByThread().entrySet()) {
      byThread.put(e.getKey(), (double) e.getValue() / adverts);
    }
    return new BenchResult(adverts, seconds, adverts / seconds, (double) meter.cpuNanos() / adverts, byThread,
        (double) meter.allocatedBytes() / adverts, meter.gcMillis(), heapPeakMb, chunkMb, genNanos / 1e9, startupMillis, subscriber.records(),
        batches, subscriber.messages(), percentile(latencies, 0.50), percentile(latencies, 0.99),
        Math.max(0, batches - subscriber.completeBatches()), subscriber.duplicates(), subscriber.maxDistinctIds(), restarts,
        ratchets[0], gateway.forwarder().reconnects(), Runtime.getRuntime().availableProcessors(), series.samples(),
        series.growth());
  }

  /** Where the next chunk must end: the run's end, or the next restart or sample. */
  private static final class Schedule {
    private final BenchSettings s;
    private final Instant end;
    private Instant target;

    Schedule(BenchSettings s, Instant end) {
      this.s = s;
      this.end = end;
    }

    Instant next(Instant from) {
      Instant n = end;
      n = earliest(n, following(from, s.sampleEvery()));
      n = earliest(n, following(from, s.restartEvery()));
      if (s.clockStepAt() != null && s.clockStepAt().isAfter(from)) {
        n = earliest(n, s.clockStepAt());
      }
      target = n;
      return n;
    }

    /** Where the chunk being played was meant to end. */
    Instant target() {
      return target;
    }

    boolean isSample(Instant at) {
      return onGrid(at, s.sampleEvery());
    }

    boolean isRestart(Instant at) {
      return s.restartBroker() != null && onGrid(at, s.restartEvery()) && at.isBefore(end);
    }

    private boolean onGrid(Instant at, Duration every) {
      return every != null && Duration.between(s.start(), at).toSeconds() % every.toSeconds() == 0;
    }

    private Instant following(Instant from, Duration every) {
      if (every == null) {
        return end;
      }
      long k = Duration.between(s.start(), from).toSeconds() / every.toSeconds() + 1;
      return s.start().plusSeconds(k * every.toSeconds());
    }

    private static Instant earliest(Instant a, Instant b) {
      return b.isBefore(a) ? b : a;
    }
  }

  private static void awaitProcessed(Gateway gateway, long delivered) throws InterruptedException {
    while (gateway.pipeline().processed() < delivered) {
      LockSupport.parkNanos(100_000);
      checkInterrupt();
    }
  }

  private static void awaitOutboxEmpty(Gateway gateway) throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    while (gateway.outbox().size() > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(200_000);
      checkInterrupt();
    }
  }

  private static void awaitConnected(Gateway gateway, BenchSubscriber subscriber) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!(gateway.forwarder().connected() && subscriber.isConnected()) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(1_000_000);
      checkInterrupt();
    }
  }

  private static boolean awaitReceived(Set<Long> seqs, BenchSubscriber subscriber) throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    while (!subscriber.receivedAt().keySet().containsAll(seqs)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(1_000_000);
      checkInterrupt();
    }
    return true;
  }

  private static void checkInterrupt() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
  }

  private static List<Double> latenciesMillis(Map<Long, Long> appended, Map<Long, Long> received) {
    List<Double> out = new ArrayList<>();
    appended.forEach((seq, at) -> {
      Long got = received.get(seq);
      if (got != null) {
        out.add((got - at) / 1e6);
      }
    });
    Collections.sort(out);
    return out;
  }

  /** Nearest-rank percentile; NaN for no samples. */
  static double percentile(List<Double> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  private static SiteRootKey randomRootKey() {
    byte[] k = new byte[SiteRootKey.LENGTH];
    new SecureRandom().nextBytes(k);
    return SiteRootKey.of(k);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
