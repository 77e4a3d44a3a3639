package org.proximity.backend.collect;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A gateway's side for tests: QoS 1 publishes, each waited for until the broker's PUBACK. */
public final class Publisher implements AutoCloseable {
  private final MqttClient client;

  public Publisher(String url, String clientId) throws MqttException {
    client = new MqttClient(url, clientId, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    o.setMaxInflight(1000);
    client.connect(o);
  }

  public void publish(String topic, byte[] payload, boolean retained) throws MqttException {
    client.publish(topic, payload, 1, retained);
  }

  public void publish(String topic, String payload) throws MqttException {
    publish(topic, payload.getBytes(StandardCharsets.UTF_8), false);
  }

  @Override
  public void close() throws MqttException {
    client.disconnect();
    client.close();
  }
}
