package org.proximity.gateway.publish;

import java.util.concurrent.CompletableFuture;

/**
 * A connection to one MQTT broker. Only the forwarder thread calls it; completion callbacks may
 * run on the client library's threads.
 */
public interface MqttTransport extends AutoCloseable {

  /** Connects (blocking, bounded by the implementation's timeout) with a retained last will. */
  void connect(String willTopic, byte[] willPayload) throws TransportException;

  boolean isConnected();

  /** Publishes; the future completes when the broker acknowledged (QoS 1: PUBACK). */
  CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retained);

  /** Packets from the broker over the transport's size bound, each of which dropped the connection. */
  default long oversizedPackets() {
    return 0;
  }

  /**
   * Drops the connection at once, without waiting for anything in flight (a broker that stopped
   * acknowledging); {@link #connect} may be called again afterwards. Does not call the
   * connection-lost listeners.
   */
  void dropConnection();

  /** Called from the library's thread when the connection drops. */
  void onConnectionLost(Runnable listener);

  @Override
  void close();

  /** A failure to connect. {@code permanent} marks refusals that retrying soon will not fix. */
  final class TransportException extends Exception {
    private final boolean permanent;

    public TransportException(String message, boolean permanent, Throwable cause) {
      super(message, cause);
      this.permanent = permanent;
    }

    public boolean permanent() {
      return permanent;
    }
  }
}
