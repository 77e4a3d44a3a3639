package org.proximity.gateway.app;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Supplier;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.ClockState;
import org.proximity.contract.payload.CrowdCodec;
import org.proximity.contract.payload.SequenceCounter;
import org.proximity.contract.payload.TopicScheme;
import org.proximity.gateway.bucket.BatchSink;
import org.proximity.gateway.bucket.EncounterAggregator;
import org.proximity.gateway.bucket.HashingKey;
import org.proximity.gateway.clock.MonotonicClock;
import org.proximity.gateway.publish.BatchPublisher;
import org.proximity.gateway.publish.Forwarder;
import org.proximity.gateway.publish.MqttTransport;
import org.proximity.gateway.publish.Outbox;
import org.proximity.gateway.publish.ReconnectPolicy;
import org.proximity.gateway.radio.AdvertisementSource;
import org.proximity.gateway.radio.gatt.BluezoneIdReader;
import org.proximity.gateway.radio.gatt.GattReadStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: wires a radio source through the pipeline to the outbox and the MQTT
 * forwarder, and starts and stops them in order (docs/concurrency.md). Commands build the parts
 * (which source, which broker, which outbox); this class only connects them.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  /**
   * How the source relates to time. {@code LIVE}: a radio; buckets close by the wall clock and a
   * full queue drops the oldest report. {@code SOURCE_TIME}: a simulator or replay; buckets close
   * by the newest time the source has delivered, and a full queue makes the source wait, so the
   * result does not depend on how fast the machine is.
   */
  public enum Timing {
    LIVE,
    SOURCE_TIME
  }

  /**
   * The tunables of the data path, built by name: {@code Settings.builder(timing, topics).queueSize(65_536).build()}.
   * What a caller does not set keeps the default of gateway.toml, except {@code maxClockHold} (zero: a
   * source with its own time never holds buckets back for the wall clock).
   */
  public record Settings(
      Timing timing,
      TopicScheme topics,
      BucketWidth width,
      EncounterAggregator.Limits limits,
      Duration closeGrace,
      int queueSize,
      int maxRecordsPerMessage,
      int mqttWindow,
      ReconnectPolicy reconnect,
      Duration drainTimeout,
      Duration maxClockHold,
      Duration ackTimeout) {

    public static Builder builder(Timing timing, TopicScheme topics) {
      return new Builder(timing, topics);
    }

    /** Collects the settings by name; {@link #build} makes the record. */
    public static final class Builder {
      private final Timing timing;
      private final TopicScheme topics;
      private BucketWidth width = BucketWidth.DEFAULT;
      private EncounterAggregator.Limits limits = EncounterAggregator.Limits.DEFAULT;
      private Duration closeGrace = Duration.ofSeconds(5);
      private int queueSize = 8192;
      private int maxRecordsPerMessage = 500;
      private int mqttWindow = 32;
      private ReconnectPolicy reconnect = ReconnectPolicy.DEFAULT;
      private Duration drainTimeout = Duration.ofSeconds(20);
      private Duration maxClockHold = Duration.ZERO;
      private Duration ackTimeout = Forwarder.DEFAULT_ACK_TIMEOUT;

      private Builder(Timing timing, TopicScheme topics) {
        this.timing = timing;
        this.topics = topics;
      }

      /** Bucket width and per-bucket bounds. */
      public Builder buckets(BucketWidth width, EncounterAggregator.Limits limits) {
        this.width = width;
        this.limits = limits;
        return this;
      }

      /** How long after its end a bucket waits for late reports. */
      public Builder closeGrace(Duration closeGrace) {
        this.closeGrace = closeGrace;
        return this;
      }

      /** Capacity of the queue in front of the pipeline thread. */
      public Builder queueSize(int queueSize) {
        this.queueSize = queueSize;
        return this;
      }

      public Builder maxRecordsPerMessage(int maxRecordsPerMessage) {
        this.maxRecordsPerMessage = maxRecordsPerMessage;
        return this;
      }

      /** Publishes in flight at once. */
      public Builder mqttWindow(int mqttWindow) {
        this.mqttWindow = mqttWindow;
        return this;
      }

      public Builder reconnect(ReconnectPolicy reconnect) {
        this.reconnect = reconnect;
        return this;
      }

      /** How long {@link Gateway#close} waits for the outbox to drain. */
      public Builder drainTimeout(Duration drainTimeout) {
        this.drainTimeout = drainTimeout;
        return this;
      }

      /** How long buckets are held while a LIVE wall clock is unsynchronised. */
      public Builder maxClockHold(Duration maxClockHold) {
        this.maxClockHold = maxClockHold;
        return this;
      }

      /** How long the oldest publish may wait for its PUBACK before the connection is dropped. */
      public Builder ackTimeout(Duration ackTimeout) {
        this.ackTimeout = ackTimeout;
        return this;
      }

      public Settings build() {
        return new Settings(timing, topics, width, limits, closeGrace, queueSize, maxRecordsPerMessage, mqttWindow,
            reconnect, drainTimeout, maxClockHold, ackTimeout);
      }
    }
  }

  private final AdvertisementSource source;
  private final Pipeline pipeline;
  private final EncounterPipeline core;
  private final Forwarder forwarder;
  private final Outbox outbox;
  private final Settings settings;
  private final SourceTime sourceTime;
  private final InstantSource listeningClock;
  private BluezoneIdReader iosReader;
  private boolean closed;

  public Gateway(
      Settings settings,
      AdvertisementSource source,
      InstantSource clock,
      MonotonicClock monotonic,
      HashingKey.ForDay keys,
      Outbox outbox,
      SequenceCounter sequence,
      MqttTransport transport) {
    this(settings, source, clock, monotonic, keys, outbox, sequence, transport,
        settings.timing() == Timing.LIVE ? () -> ClockState.UNKNOWN : () -> ClockState.SIMULATED);
  }

  /**
   * @param clock the wall clock (LIVE) or the source's time (SOURCE_TIME)
   * @param monotonic elapsed time for the pipeline and the forwarder: placing reports, deadlines, rates
   * @param clockState what batches and health report as the clock: for a LIVE source whether the
   *     wall clock is synchronised; for a source with its own time, what that time is (capture, simulated)
   */
  public Gateway(
      Settings settings,
      AdvertisementSource source,
      InstantSource clock,
      MonotonicClock monotonic,
      HashingKey.ForDay keys,
      Outbox outbox,
      SequenceCounter sequence,
      MqttTransport transport,
      Supplier<ClockState> clockState) {
    this.settings = settings;
    this.source = source;
    this.outbox = outbox;
    this.forwarder = new Forwarder(outbox, transport, settings.topics(), settings.reconnect(), settings.mqttWindow(), settings.ackTimeout(),
        monotonic);
    BatchPublisher publisher =
        new BatchPublisher(
            settings.topics(), sequence, outbox, clock, settings.maxRecordsPerMessage(), forwarder::wake);
    BatchSink logged =
        b -> {
          publisher.accept(b);
          LOG.info("bucket {} closed: {} records{}", b.bucket().start(), b.records().size(), b.partial() ? " (partial)" : "");
        };
    this.core =
        new EncounterPipeline(
            new EncounterAggregator(settings.width(), keys, settings.limits()),
            logged,
            clockState);
    CrowdCodec crowd = new CrowdCodec();
    TopicScheme topics = settings.topics();
    core.crowdTo(m -> forwarder.publishBestEffort(topics.crowd(), crowd.encode(topics.site(), topics.gateway(), m)));
    this.listeningClock = clock;
    boolean live = settings.timing() == Timing.LIVE;
    this.sourceTime = live ? null : new SourceTime();
    this.pipeline =
        live
            ? Pipeline.forRadio(core, clock, monotonic, settings.closeGrace(), settings.queueSize(), clockState,
                settings.maxClockHold())
            : Pipeline.forSourceTime(core, sourceTime, monotonic, settings.closeGrace(), settings.queueSize());
  }

  /**
   * Reads the IDs of Bluezone iPhones the pipeline hears with {@code reader} (opt-in,
   * docs/visibility.md); call before {@link #start}. The gateway starts and closes it.
   */
  public void readBluezoneIosWith(BluezoneIdReader reader) {
    this.iosReader = reader;
    core.offerBluezoneIosTo(reader);
  }

  /** The GATT reader's counters, when one is set. */
  public Optional<GattReadStats> gattReads() {
    return Optional.ofNullable(iosReader).map(BluezoneIdReader::stats);
  }

  /** Starts publishing first, then the pipeline, then the radio, so nothing heard waits on a stopped stage. */
  public void start() throws AdvertisementSource.SourceException {
    forwarder.start();
    // buckets that began before now were not heard from their start: they are partial
    if (settings.timing() == Timing.LIVE) {
      core.listeningSince(listeningClock.instant());
    } else {
      core.listeningFromFirstReport();
    }
    pipeline.start();
    if (iosReader != null) {
      iosReader.start(pipeline::acceptRead);
    }
    source.start(sourceTime == null ? pipeline : sourceTime.tap(pipeline));
    LOG.info("gateway started with the {} source", source.name());
  }

  public Pipeline pipeline() {
    return pipeline;
  }

  public Forwarder forwarder() {
    return forwarder;
  }

  public TopicScheme topics() {
    return settings.topics();
  }

  public Outbox outbox() {
    return outbox;
  }

  /**
   * Stops in order: radio, GATT reader (a read in progress finishes or times out), pipeline (open
   * buckets go out as partial), forwarder after a bounded drain.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    source.close();
    if (iosReader != null) {
      iosReader.close();
    }
    pipeline.close();
    try {
      if (!forwarder.drain(settings.drainTimeout())) {
        LOG.warn("{} messages still waiting for the broker at shutdown", outbox.size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    forwarder.close();
    outbox.close();
  }
}
