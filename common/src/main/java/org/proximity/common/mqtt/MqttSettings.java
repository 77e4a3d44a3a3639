package org.proximity.common.mqtt;

import javax.net.SocketFactory;

/**
 * What an MQTT client needs to connect, resolved from the {@code [mqtt]} keys by
 * {@link MqttSettingsFactory}. {@code password} may be null; {@code socketFactory} null means
 * plain TCP. {@code toString()} never shows the password.
 */
public record MqttSettings(
    String serverUri,
    String clientId,
    String username,
    char[] password,
    SocketFactory socketFactory,
    int keepAliveSeconds,
    int connectTimeoutSeconds,
    int maxInflight) {

  @Override
  public String toString() {
    return "MqttSettings[serverUri=" + serverUri + ", clientId=" + clientId + ", username=" + username
        + ", password=" + (password == null ? "none" : "(redacted)") + ", tls=" + (socketFactory != null)
        + ", keepAliveSeconds=" + keepAliveSeconds + ", maxInflight=" + maxInflight + "]";
  }
}
