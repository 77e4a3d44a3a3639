package org.proximity.gateway.publish.paho;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.proximity.gateway.publish.MqttTransport;

/**
 * {@link MqttTransport} on Paho's asynchronous MQTT 3.1.1 client. The only class that imports
 * Paho. Paho's own buffering and automatic reconnect are off: the outbox is the buffer and the
 * forwarder decides when to reconnect.
 */
public final class PahoMqttTransport implements MqttTransport {

  /** Connection settings. {@code password} may be null; {@code socketFactory} null means plain TCP. */
  public record Settings(
      String serverUri,
      String clientId,
      String username,
      char[] password,
      SocketFactory socketFactory,
      int keepAliveSeconds,
      int connectTimeoutSeconds,
      int maxInflight) {}

  private final Settings settings;
  private final MqttAsyncClient client;
  private final CopyOnWriteArrayList<Runnable> lostListeners = new CopyOnWriteArrayList<>();

  public PahoMqttTransport(Settings settings) throws TransportException {
    this.settings = settings;
    try {
      this.client = new MqttAsyncClient(settings.serverUri(), settings.clientId(), new MemoryPersistence());
    } catch (MqttException | IllegalArgumentException e) {
      throw new TransportException("invalid MQTT url or client id: " + e.getMessage(), true, e);
    }
    client.setCallback(
        new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {
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
    MqttConnectOptions o = new MqttConnectOptions();
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setCleanSession(true);
    o.setAutomaticReconnect(false);
    o.setKeepAliveInterval(settings.keepAliveSeconds());
    o.setConnectionTimeout(settings.connectTimeoutSeconds());
    o.setMaxInflight(settings.maxInflight());
    o.setWill(willTopic, willPayload, 1, true);
    if (settings.username() != null && !settings.username().isEmpty()) {
      o.setUserName(settings.username());
    }
    if (settings.password() != null) {
      o.setPassword(settings.password());
    }
    if (settings.socketFactory() != null) {
      o.setSocketFactory(settings.socketFactory());
      o.setHttpsHostnameVerificationEnabled(true);
    }
    try {
      client.connect(o).waitForCompletion((settings.connectTimeoutSeconds() + 5) * 1000L);
    } catch (MqttException e) {
      throw new TransportException(describe(e), isRefusal(e), e);
    }
  }

  /** A technician's description of a connect failure; never includes credentials. */
  static String describe(MqttException e) {
    return switch (e.getReasonCode()) {
      case MqttException.REASON_CODE_FAILED_AUTHENTICATION -> "the broker rejected the username or password";
      case MqttException.REASON_CODE_NOT_AUTHORIZED -> "the broker says this client is not authorised";
      case MqttException.REASON_CODE_INVALID_CLIENT_ID -> "the broker rejected the client id";
      case MqttException.REASON_CODE_SERVER_CONNECT_ERROR -> "cannot reach the broker: " + rootMessage(e);
      case MqttException.REASON_CODE_CLIENT_TIMEOUT -> "the broker did not answer in time";
      default -> rootMessage(e) + " (reason " + e.getReasonCode() + ")";
    };
  }

  private static boolean isRefusal(MqttException e) {
    int c = e.getReasonCode();
    return c == MqttException.REASON_CODE_FAILED_AUTHENTICATION
        || c == MqttException.REASON_CODE_NOT_AUTHORIZED
        || c == MqttException.REASON_CODE_INVALID_CLIENT_ID
        || c == MqttException.REASON_CODE_INVALID_PROTOCOL_VERSION;
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

  @Override
  public void onConnectionLost(Runnable listener) {
    lostListeners.add(listener);
  }

  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnect(2_000).waitForCompletion(3_000);
      }
    } catch (MqttException e) {
      // closing anyway; the broker publishes the will
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      // nothing more to release
    }
  }
}
