package org.proximity.gateway.app;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.proximity.contract.payload.ClockState;
import org.proximity.gateway.clock.MonotonicClock;
import org.proximity.gateway.health.Health;
import org.proximity.gateway.health.HealthCodec;
import org.proximity.gateway.publish.KeyStats;
import org.proximity.gateway.radio.AdvertisementSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread {@value #THREAD_NAME}: once a period, gathers the counters of every stage into a
 * retained {@code health} message and hands it to the forwarder. Reads only snapshots and
 * thread-safe counters; owns nothing else.
 */
public final class HealthReporter implements AutoCloseable {
  public static final String THREAD_NAME = "health";
  private static final Logger LOG = LoggerFactory.getLogger(HealthReporter.class);

  private final Gateway gateway;
  private final AdvertisementSource source;
  private final InstantSource wall;
  private final MonotonicClock monotonic;
  private final Supplier<ClockState> clock;
  private final String site;
  private final String gatewayId;
  private final Supplier<KeyStats> keys;
  private final Instant started;
  private final HealthCodec codec = new HealthCodec();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, THREAD_NAME);
        t.setDaemon(true);
        return t;
      });
  private volatile Consumer<Health> listener = h -> {};
  private long lastReceived;
  private long lastNanos;

  public HealthReporter(Gateway gateway, AdvertisementSource source, InstantSource wall, MonotonicClock monotonic,
      Supplier<ClockState> clock, String site, String gatewayId) {
    this(gateway, source, wall, monotonic, clock, site, gatewayId, new DayKeyState()::snapshot);
  }

  /**
   * @param monotonic times the advertisement rate between two reports
   * @param keys the day key's state, for the {@code keys} part of the message
   */
  public HealthReporter(Gateway gateway, AdvertisementSource source, InstantSource wall, MonotonicClock monotonic,
      Supplier<ClockState> clock, String site, String gatewayId, Supplier<KeyStats> keys) {
    this.keys = keys;
    this.gateway = gateway;
    this.source = source;
    this.wall = wall;
    this.monotonic = monotonic;
    this.lastNanos = monotonic.nanos();
    this.clock = clock;
    this.site = site;
    this.gatewayId = gatewayId;
    this.started = wall.instant();
  }

  /**
   * Also hands each reported snapshot to {@code listener} (the status LED), on this thread, after
   * the publish. Set it before {@link #start}; it must not block.
   */
  public void onReport(Consumer<Health> listener) {
    this.listener = listener;
  }

  public void start(Duration period) {
    timer.scheduleAtFixedRate(this::report, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Builds the current health message (also used by tests and the self-test). */
  public Health snapshot() {
    PipelineStats p = gateway.pipeline().stats();
    long nanos = monotonic.nanos();
    double seconds = Math.max(1e-3, (nanos - lastNanos) / 1e9);
    double rate = (p.received() - lastReceived) / seconds;
    lastNanos = nanos;
    lastReceived = p.received();
    Map<String, Long> byKind = new HashMap<>();
    p.advertisementsByKind().forEach((k, v) -> byKind.put(k.wireName(), v));
    Map<String, Long> malformed = new HashMap<>();
    p.malformedByReason().forEach((k, v) -> malformed.put(k.wireName(), v));
    Instant now = wall.instant();
    return new Health(new Health.Origin(site, gatewayId, version()), now, Duration.between(started, now),
        new Health.Advertisements(rate, p.received(), byKind, malformed),
        new Health.Pipeline(p.queueDepth(), p.trackedIds(), p.dropped(), p.unhashableBuckets(), p.internalErrors()),
        gateway.outbox().stats(), gateway.forwarder().stats(),
        new Health.Radio(source.name(), source.radioHealth().orElse(null), gateway.gattReads().orElse(null)),
        clock.get(), keys.get());
  }

  private void report() {
    Health h;
    try {
      h = snapshot();
      gateway.forwarder().publishLatest(gateway.topics().health(), codec.encode(h));
    } catch (RuntimeException e) {
      LOG.warn("health report failed: {}", e.toString());
      return;
    }
    try {
      listener.accept(h);
    } catch (RuntimeException e) {
      LOG.warn("health listener failed: {}", e.toString());
    }
  }

  static String version() {
    String v = HealthReporter.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

}
