package org.proximity.gateway.publish.paho;

import java.util.function.BiConsumer;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A QoS 1 subscriber that hands each message to a callback: the demo's and tests' backend. */
public final class PahoSubscriber implements AutoCloseable {
  private final MqttClient client;

  public PahoSubscriber(String serverUri, String clientId, String topicFilter, BiConsumer<String, byte[]> onMessage)
      throws MqttException {
    client = new MqttClient(serverUri, clientId, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    o.setAutomaticReconnect(true);
    client.connect(o);
    client.subscribe(topicFilter, 1, (topic, message) -> onMessage.accept(topic, message.getPayload()));
  }

  @Override
  public void close() {
    try {
      client.disconnect(2_000);
      client.close();
    } catch (MqttException e) {
      // closing anyway
    }
  }
}
