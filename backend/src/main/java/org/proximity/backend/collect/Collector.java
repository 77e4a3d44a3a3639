package org.proximity.backend.collect;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.proximity.backend.config.BackendConfig;
import org.proximity.backend.store.Store;
import org.proximity.common.mqtt.MqttKeys;
import org.proximity.common.mqtt.MqttSettings;
import org.proximity.common.mqtt.PahoClients;
import org.proximity.common.retry.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector: a Paho subscriber (QoS 1, persistent session, fixed client id, manual
 * acknowledgements) feeding {@link WriterLoop}. Threads (docs/concurrency.md): Paho's own, whose
 * callback thread reads and validates each message; {@code collect-writer}, which owns the store
 * and acknowledges after each commit; {@code collect-health}, which logs and publishes the health
 * and reconnects after a lost connection.
 */
public final class Collector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Collector.class);
  /** Collectors of one share group that lost the broker together should not all come back at once. */
  private static final Backoff CONNECT_BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 0.5);

  private final BackendConfig cfg;
  private final MqttSettings settings;
  private final Clock clock;
  private final PayloadReader reader;
  private final CollectorStats stats = new CollectorStats();
  private final BlockingQueue<WriterLoop.Pending> queue;
  private final WriterLoop writerLoop;
  private final Thread writerThread;
  private final ScheduledExecutorService health;
  private final MqttAsyncClient client;
  private final String ownTopics;
  private final long startNanos = System.nanoTime();
  private final AtomicInteger connects = new AtomicInteger();
  private volatile boolean closed;
  private volatile boolean subscribed;

  public Collector(BackendConfig cfg, MqttSettings settings, Store store, Clock clock) throws MqttException {
    this.cfg = cfg;
    this.settings = settings;
    this.clock = clock;
    this.reader = new PayloadReader(cfg.mqtt().broker().topicPrefix(), new SchemaCatalog());
    this.ownTopics = cfg.mqtt().broker().topicPrefix() + "/" + MqttKeys.BACKEND_LEVEL + "/";
    // room for two groups: the callback thread reads the next while the writer commits one
    this.queue = new ArrayBlockingQueue<>(2 * cfg.collector().maxGroupMessages());
    this.client = new MqttAsyncClient(settings.serverUri(), settings.clientId(), new MemoryPersistence());
    client.setManualAcks(true);
    client.setCallback(new Callback());
    this.writerLoop = new WriterLoop(queue, store, cfg.collector().name(), cfg.collector().maxGroupMessages(),
        this::ack, stats, new RejectLog(cfg.collector().rejectLogSeconds(), System::nanoTime), clock::millis,
        System::nanoTime, cfg.collector().healthSeconds());
    this.writerThread = new Thread(writerLoop, "collect-writer");
    this.health = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "collect-health"));
  }

  /** Starts the writer and health threads and connects, retrying until the broker takes us. */
  public void start() throws InterruptedException {
    writerThread.start();
    int every = cfg.collector().healthSeconds();
    health.scheduleAtFixedRate(this::reportHealth, every, every, TimeUnit.SECONDS);
    connect();
  }

  /**
   * Connects, retrying after at most 1 s doubling to 60 s, jittered by half. Ours rather than Paho's automatic reconnect,
   * whose delay kept doubling while a restarted broker was already back (1.2.5, seen in
   * CollectorBrokerRestartIT).
   */
  private void connect() throws InterruptedException {
    for (int retry = 0; !closed; retry++) {
      try {
        client.connect(options()).waitForCompletion((settings.connectTimeoutSeconds() + 5) * 1000L);
        return;
      } catch (MqttException e) {
        Duration delay = CONNECT_BACKOFF.delay(retry, ThreadLocalRandom.current()::nextDouble);
        LOG.warn("cannot connect to {} ({}); trying again in {} ms", settings.serverUri(), e.getMessage(),
            delay.toMillis());
        abandonAttempt();
        TimeUnit.NANOSECONDS.sleep(delay.toNanos());
      }
    }
  }

  /**
   * Paho 1.2.5 keeps a timed-out connect in progress for ever ("Connect already in progress" on
   * every later attempt): end it before the next one.
   */
  private void abandonAttempt() {
    try {
      client.disconnectForcibly(0, 1_000);
    } catch (MqttException e) {
      // nothing was connected
    }
  }

  private MqttConnectOptions options() {
    // the broker keeps our subscriptions and unacknowledged messages while we are away
    return PahoClients.persistentSession(settings, settings.maxInflight());
  }

  private final class Callback implements MqttCallbackExtended {
    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      reconnect |= connects.getAndIncrement() > 0;
      String[] filters = new String[Leaf.values().length];
      int[] qos = new int[filters.length];
      for (Leaf l : Leaf.values()) {
        filters[l.ordinal()] = cfg.mqtt().filter(l.level());
        qos[l.ordinal()] = 1;
      }
      LOG.info("{} to {} as {}", reconnect ? "reconnected" : "connected", serverUri, settings.clientId());
      try {
        // not waited for: this is Paho's callback thread, which must go on delivering
        client.subscribe(filters, qos, null, new IMqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {
            subscribed = true;
            LOG.info("subscribed to {}", String.join(", ", filters));
          }

          @Override
          public void onFailure(IMqttToken token, Throwable e) {
            LOG.error("the broker refused the subscription to {}: {}", String.join(", ", filters), e.getMessage());
          }
        });
      } catch (MqttException e) {
        LOG.error("cannot subscribe: {}", e.getMessage());
      }
    }

    @Override
    public void connectionLost(Throwable cause) {
      LOG.warn("lost the broker ({}); reconnecting; unacknowledged messages will come again", cause.getMessage());
      health.execute(() -> {
        try {
          connect();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws InterruptedException {
      if (topic.startsWith(ownTopics) && topic.endsWith("/health")) {
        // collectors' own health, ours or a peer's: not a gateway's
        ack(message.getId(), message.getQos());
        return;
      }
      byte[] payload = message.getPayload();
      Inbound item = reader.read(topic, payload);
      WriterLoop.Pending p = new WriterLoop.Pending(item, topic, payload, message.getId(), message.getQos());
      // waits while the writer is two groups behind: the broker's in-flight window does the rest
      while (!queue.offer(p, 200, TimeUnit.MILLISECONDS)) {
        if (closed) {
          return; // never acknowledged: the broker sends it again
        }
      }
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {}
  }

  private void ack(int messageId, int qos) {
    try {
      client.messageArrivedComplete(messageId, qos);
    } catch (MqttException e) {
      // the connection went meanwhile: the broker sends the message again, stored as a duplicate
      LOG.debug("acknowledgement of message {} not sent: {}", messageId, e.getMessage());
    }
  }

  private void reportHealth() {
    try {
      Instant now = clock.instant();
      long uptime = Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
      String json = HealthJson.of(cfg.collector().name(), now, uptime, stats.snapshot()).toString();
      LOG.info("health {}", json);
      if (client.isConnected()) {
        client.publish(cfg.mqtt().healthTopic(cfg.collector().name()), json.getBytes(StandardCharsets.UTF_8), 1, true);
      }
    } catch (MqttException | RuntimeException e) {
      LOG.warn("cannot publish the collector's health: {}", e.getMessage());
    }
  }

  /** Whether the broker has confirmed the subscriptions (of this or an earlier connection). */
  public boolean subscribed() {
    return subscribed;
  }

  /** Counters for tests and the health report. */
  public CollectorStats stats() {
    return stats;
  }

  /**
   * Stops taking messages, lets the writer finish its group, and disconnects. What was read but not
   * committed stays unacknowledged: the broker sends it again to the next session.
   */
  @Override
  public void close() {
    closed = true;
    health.shutdownNow();
    writerLoop.stop();
    try {
      writerThread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    PahoClients.closeQuietly(client);
  }
}
