package org.proximity.common.mqtt;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.logging.LoggerFactory;

/** Paho's side of {@link MqttSettings}, the same for the gateway's publisher and the backend's collector. */
public final class PahoClients {

  private PahoClients() {}

  /**
   * Paho logs through SLF4J from now on ({@link PahoSlf4jLogger}). Paho's objects take their logger
   * when made (its classes when loaded), so the composition root calls this before it makes a client.
   */
  public static void logThroughSlf4j() {
    LoggerFactory.setLogger(PahoSlf4jLogger.class.getName());
  }

  /**
   * MQTT 3.1.1 with a persistent session (the broker keeps QoS 1 state and subscriptions across
   * reconnects), no automatic reconnect (the owner decides when), credentials and TLS from the
   * settings; {@code maxInflight} is Paho's own window, which the caller sizes.
   */
  public static MqttConnectOptions persistentSession(MqttSettings settings, int maxInflight) {
    MqttConnectOptions o = new MqttConnectOptions();
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setCleanSession(false);
    o.setAutomaticReconnect(false);
    o.setKeepAliveInterval(settings.keepAliveSeconds());
    o.setConnectionTimeout(settings.connectTimeoutSeconds());
    o.setMaxInflight(maxInflight);
    if (settings.username() != null && !settings.username().isEmpty()) {
      o.setUserName(settings.username());
    }
    if (settings.password() != null) {
      o.setPassword(settings.password());
    }
    if (settings.socketFactory() != null) {
      o.setSocketFactory(settings.socketFactory());
      // always on, no option: Paho 1.2.5 then sets endpoint identification HTTPS on the socket.
      // TlsSocketFactories sets it as well, so either alone refuses a wrong host (docs/security.md)
      o.setHttpsHostnameVerificationEnabled(true);
    }
    return o;
  }

  /** Disconnects if connected, then releases the client; a failure of either is no reason to stop closing. */
  public static void closeQuietly(MqttAsyncClient client) {
    try {
      if (client.isConnected()) {
        client.disconnect(2_000).waitForCompletion(3_000);
      }
    } catch (MqttException e) {
      // closing anyway (a gateway's broker then publishes its will)
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      // nothing more to release
    }
  }
}
