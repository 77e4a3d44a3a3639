package org.proximity.gateway.publish.paho;

import java.util.function.BiConsumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.proximity.common.mqtt.PahoClients;
import org.proximity.gateway.publish.MqttTransport.TransportException;

/**
 * A QoS 1 subscriber that hands each message to a callback: the demo's, the bench's and tests'
 * backend. It reconnects by itself and subscribes again after each reconnect (a broker that
 * restarted without persistence has forgotten the subscription).
 */
public final class PahoSubscriber implements AutoCloseable {
  private static final long WAIT_MILLIS = 15_000;
  private final MqttAsyncClient client;
  private final String topicFilter;
  private final IMqttMessageListener listener;
  private final MqttConnectOptions options;

  public PahoSubscriber(String serverUri, String clientId, String topicFilter, BiConsumer<String, byte[]> onMessage)
      throws TransportException {
    this(serverUri, clientId, topicFilter, false, onMessage);
  }

  /**
   * @param persistentSession a session the broker keeps while this client is away (clean session
   *     off): with a broker that persists sessions, nothing published meanwhile is missed
   */
  public PahoSubscriber(String serverUri, String clientId, String topicFilter, boolean persistentSession,
      BiConsumer<String, byte[]> onMessage) throws TransportException {
    this(serverUri, clientId, topicFilter, persistentSession, true, onMessage);
  }

  /**
   * @param reconnectByItself Paho's automatic reconnect; without it the owner calls {@link #reconnect}
   *     (the bench, which restarts the broker itself: Paho's reconnect can race a restarting broker
   *     with two CONNECTs, which Mosquitto answers by closing the connection)
   */
  public PahoSubscriber(String serverUri, String clientId, String topicFilter, boolean persistentSession,
      boolean reconnectByItself, BiConsumer<String, byte[]> onMessage) throws TransportException {
    this.topicFilter = topicFilter;
    try {
      client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
    } catch (MqttException | IllegalArgumentException e) {
      throw new TransportException("invalid MQTT url or client id: " + e.getMessage(), true, e);
    }
    listener = (topic, message) -> onMessage.accept(topic, message.getPayload());
    client.setCallback(new MqttCallbackExtended() {
      @Override
      public void connectComplete(boolean reconnect, String serverUri) {
        if (reconnect) {
          try {
            client.subscribe(topicFilter, 1, null, null, listener); // not waited for: this is Paho's thread
          } catch (MqttException e) {
            // the next reconnect tries again
          }
        }
      }

      @Override
      public void connectionLost(Throwable cause) {}

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        // only for messages no listener matched: a persistent session's backlog before subscribing again
        onMessage.accept(topic, message.getPayload());
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {}
    });
    options = new MqttConnectOptions();
    options.setCleanSession(!persistentSession);
    options.setAutomaticReconnect(reconnectByItself);
    options.setMaxReconnectDelay(2_000);
    connectAndSubscribe();
  }

  /** Connects again (after the broker restarted) and subscribes again; waits for both. */
  public void reconnect() throws TransportException {
    try {
      if (client.isConnected()) {
        client.disconnect(2_000).waitForCompletion(3_000);
      }
    } catch (MqttException e) {
      // connecting again below is what matters
    }
    connectAndSubscribe();
  }

  private void connectAndSubscribe() throws TransportException {
    try {
      client.connect(options).waitForCompletion(WAIT_MILLIS);
      client.subscribe(topicFilter, 1, null, null, listener).waitForCompletion(WAIT_MILLIS);
    } catch (MqttException e) {
      throw new TransportException("cannot connect and subscribe to " + topicFilter + ": " + e.getMessage(), false, e);
    }
  }

  public boolean isConnected() {
    return client.isConnected();
  }

  @Override
  public void close() {
    PahoClients.closeQuietly(client);
  }
}
