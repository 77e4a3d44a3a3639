package org.proximity.gateway.publish.paho;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClientPersistence;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.internal.NetworkModule;

/**
 * Paho's client with every connection's inbound stream bounded by {@link BoundedPacketInput}. Paho
 * 1.2.5 has no such limit and no public hook for one; it builds a fresh network module (TCP, or TLS
 * after the handshake and hostname check) for each connect in the protected
 * {@code createNetworkModules}, so the bound wraps whatever module Paho built, plain and TLS alike.
 */
final class BoundedMqttAsyncClient extends MqttAsyncClient {
  private final int maxPacketBytes;

  BoundedMqttAsyncClient(String serverUri, String clientId, MqttClientPersistence persistence, int maxPacketBytes)
      throws MqttException {
    super(serverUri, clientId, persistence);
    this.maxPacketBytes = maxPacketBytes;
  }

  @Override
  protected NetworkModule[] createNetworkModules(String address, MqttConnectOptions options) throws MqttException {
    NetworkModule[] modules = super.createNetworkModules(address, options);
    NetworkModule[] bounded = new NetworkModule[modules.length];
    for (int i = 0; i < modules.length; i++) {
      bounded[i] = new Bounded(modules[i], maxPacketBytes);
    }
    return bounded;
  }

  /** Delegates everything but wraps the inbound stream, once per connection. */
  private static final class Bounded implements NetworkModule {
    private final NetworkModule delegate;
    private final int maxPacketBytes;
    private InputStream in;

    Bounded(NetworkModule delegate, int maxPacketBytes) {
      this.delegate = delegate;
      this.maxPacketBytes = maxPacketBytes;
    }

    @Override
    public void start() throws IOException, MqttException {
      delegate.start();
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (in == null) {
        in = new BoundedPacketInput(delegate.getInputStream(), maxPacketBytes);
      }
      return in;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
      return delegate.getOutputStream();
    }

    @Override
    public void stop() throws IOException {
      delegate.stop();
    }

    @Override
    public String getServerURI() {
      return delegate.getServerURI();
    }
  }
}
