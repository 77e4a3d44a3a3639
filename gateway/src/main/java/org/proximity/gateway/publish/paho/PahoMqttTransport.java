package org.proximity.gateway.publish.paho;

import java.security.cert.CertificateException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.proximity.common.mqtt.MqttSettings;
import org.proximity.common.mqtt.PahoClients;
import org.proximity.gateway.publish.MqttTransport;
import org.proximity.gateway.publish.paho.BoundedPacketInput.OversizedPacketException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MqttTransport} on Paho's asynchronous MQTT 3.1.1 client. The only class that imports
 * Paho. Paho's own buffering and automatic reconnect are off: the outbox is the buffer and the
 * forwarder decides when to reconnect.
 *
 * <p>Every packet the broker sends is bounded by {@value #MAX_INBOUND_PACKET_BYTES} bytes
 * ({@link BoundedPacketInput}): the gateway subscribes to nothing, so it only ever needs CONNACK,
 * PUBACK and PINGRESP. A larger packet drops the connection, is counted and logged, and the
 * forwarder reconnects as after any other loss.
 */
public final class PahoMqttTransport implements MqttTransport {
  /** The largest MQTT packet (remaining length) accepted from the broker. */
  public static final int MAX_INBOUND_PACKET_BYTES = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(PahoMqttTransport.class);

  private final MqttSettings settings;
  private final MqttAsyncClient client;
  private final CopyOnWriteArrayList<Runnable> lostListeners = new CopyOnWriteArrayList<>();
  private final AtomicLong oversized = new AtomicLong();

  public PahoMqttTransport(MqttSettings settings) throws TransportException {
    this.settings = settings;
    try {
      this.client = new BoundedMqttAsyncClient(
          settings.serverUri(), settings.clientId(), new MemoryPersistence(), MAX_INBOUND_PACKET_BYTES);
    } catch (MqttException | IllegalArgumentException e) {
      throw new TransportException("invalid MQTT url or client id: " + e.getMessage(), true, e);
    }
    client.setCallback(
        new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {
            noteOversized(cause);
            lostListeners.forEach(Runnable::run);
          }

          @Override
          public void messageArrived(String topic, MqttMessage message) {}

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
  }

  @Override
  public void connect(String willTopic, byte[] willPayload) throws TransportException {
    // with a persistent session Paho resends the previous connection's unacknowledged publishes
    // on reconnect, and they count against its limit: leave room for them (outbox window, a quarter
    // of it for crowd minutes, health) beside the new connection's, or Paho throws 32202
    MqttConnectOptions o = PahoClients.persistentSession(settings, 3 * settings.maxInflight());
    o.setWill(willTopic, willPayload, 1, true);
    try {
      client.connect(o).waitForCompletion((settings.connectTimeoutSeconds() + 5) * 1000L);
    } catch (MqttException e) {
      noteOversized(e);
      throw new TransportException(describe(e), isRefusal(e), e);
    }
  }

  private void noteOversized(Throwable cause) {
    for (Throwable c = cause; c != null; c = c.getCause()) {
      if (c instanceof OversizedPacketException o) {
        oversized.incrementAndGet();
        LOG.warn("{}; reconnecting", o.getMessage());
        return;
      }
    }
  }

  @Override
  public long oversizedPackets() {
    return oversized.get();
  }

  /** A technician's description of a connect failure; never includes credentials. */
  static String describe(MqttException e) {
    String tls = describeTls(e);
    if (tls != null) {
      return tls;
    }
    return switch (e.getReasonCode()) {
      case MqttException.REASON_CODE_FAILED_AUTHENTICATION -> "the broker rejected the username or password";
      case MqttException.REASON_CODE_NOT_AUTHORIZED -> "the broker says this client is not authorised";
      case MqttException.REASON_CODE_INVALID_CLIENT_ID -> "the broker rejected the client id";
      case MqttException.REASON_CODE_SERVER_CONNECT_ERROR -> "cannot reach the broker: " + rootMessage(e);
      case MqttException.REASON_CODE_CLIENT_TIMEOUT -> "the broker did not answer in time";
      default -> rootMessage(e) + " (reason " + e.getReasonCode() + ")";
    };
  }

  /**
   * A TLS handshake that failed on the certificate (not trusted by mqtt.ca_file, or not naming the
   * host in mqtt.url), or null. Such a failure is a refusal: it needs a configuration change, so
   * it is retried slowly (ReconnectPolicy.refused) rather than every few seconds.
   */
  private static String describeTls(Throwable e) {
    boolean handshake = false;
    for (Throwable c = e; c != null; c = c.getCause()) {
      handshake |= c instanceof SSLHandshakeException;
    }
    if (!handshake) {
      return null;
    }
    CertificateException certificate = certificateCause(e);
    if (certificate == null) {
      return "the TLS handshake with the broker failed: " + rootMessage(e)
          + " (does the broker require a client certificate, mqtt.cert_file and mqtt.key_file?)";
    }
    String why = rootMessage(certificate);
    if (why.contains("matching") || why.contains("No name")) {
      return "the broker's certificate does not name the host in mqtt.url: " + why;
    }
    return "the broker's certificate is not trusted by mqtt.ca_file: " + why;
  }

  private static boolean isRefusal(MqttException e) {
    int c = e.getReasonCode();
    return isCertificateFailure(e)
        || c == MqttException.REASON_CODE_FAILED_AUTHENTICATION
        || c == MqttException.REASON_CODE_NOT_AUTHORIZED
        || c == MqttException.REASON_CODE_INVALID_CLIENT_ID
        || c == MqttException.REASON_CODE_INVALID_PROTOCOL_VERSION;
  }

  private static boolean isCertificateFailure(Throwable e) {
    return describeTls(e) != null && certificateCause(e) != null;
  }

  private static CertificateException certificateCause(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof CertificateException ce) {
        return ce;
      }
    }
    return null;
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }

  @Override
  public boolean isConnected() {
    return client.isConnected();
  }

  @Override
  public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retained) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      client.publish(
          topic,
          payload,
          qos,
          retained,
          null,
          new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              done.complete(null);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              done.completeExceptionally(e);
            }
          });
    } catch (MqttException e) {
      // includes 32202 "too many publishes in progress": the caller retries, nothing is lost
      done.completeExceptionally(e);
    }
    return done;
  }

  /**
   * Subscribes at QoS 1 (selftest's ACL probe); completes with the granted QoS, 128 when the
   * broker refused the subscription.
   */
  public CompletableFuture<Integer> subscribe(String topicFilter, BiConsumer<String, byte[]> onMessage) {
    CompletableFuture<Integer> granted = new CompletableFuture<>();
    try {
      client.subscribe(topicFilter, 1, null, new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          int[] qos = token.getGrantedQos();
          granted.complete(qos == null || qos.length == 0 ? 128 : qos[0]);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
          granted.completeExceptionally(e);
        }
      }, (topic, message) -> onMessage.accept(topic, message.getPayload()));
    } catch (MqttException e) {
      granted.completeExceptionally(e);
    }
    return granted;
  }

  @Override
  public void dropConnection() {
    try {
      client.disconnectForcibly(0, 1_000, false);
    } catch (MqttException e) {
      // already disconnected
    }
  }

  @Override
  public void onConnectionLost(Runnable listener) {
    lostListeners.add(listener);
  }

  @Override
  public void close() {
    PahoClients.closeQuietly(client);
  }
}
