package org.proximity.common.mqtt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.SocketFactory;
import org.proximity.common.config.ConfigException;
import org.proximity.common.config.SecretFiles;
import org.proximity.common.tls.TlsSocketFactories;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the {@code [mqtt]} configuration into {@link MqttSettings}: the given client id, TLS for {@code ssl://} URLs, the username and the password from
 * {@code mqtt.password_file}. Secret files ({@code mqtt.key_file}, {@code mqtt.password_file}) must
 * be readable by their owner only ({@link SecretFiles}); every problem is a {@link ConfigException}
 * naming the key and the file, never a secret.
 */
public final class MqttSettingsFactory {
  public static final String PASSWORD_KEY = "mqtt.password_file";
  /** How long one connect attempt may take, TCP and TLS handshake and CONNACK together. */
  public static final int CONNECT_TIMEOUT_SECONDS = 10;

  private static final Logger LOG = LoggerFactory.getLogger(MqttSettingsFactory.class);

  private MqttSettingsFactory() {}

  public static MqttSettings from(MqttKeys mqtt, String clientId) throws ConfigException {
    List<String> problems = new ArrayList<>();
    SocketFactory socketFactory = null;
    if (mqtt.tls()) {
      try {
        if (mqtt.keyFile() != null) {
          SecretFiles.requireOwnerOnly(TlsSocketFactories.KEY_KEY, mqtt.keyFile());
        }
        socketFactory = TlsSocketFactories.create(mqtt.caFile(), mqtt.certFile(), mqtt.keyFile());
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    } else if (mqtt.caFile() != null || mqtt.certFile() != null || mqtt.keyFile() != null) {
      problems.add("mqtt.url must start with ssl:// when mqtt.ca_file, mqtt.cert_file or mqtt.key_file is set");
    }
    char[] password = null;
    if (mqtt.passwordFile() != null) {
      try {
        password = SecretFiles.readPassword(PASSWORD_KEY, mqtt.passwordFile());
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      if (password != null) {
        Arrays.fill(password, '\0');
      }
      throw new ConfigException(problems);
    }
    if (!mqtt.tls() && !mqtt.loopback()) {
      // only with mqtt.allow_plaintext = true: the loader refuses it otherwise
      LOG.warn("mqtt.url is {}: records{} cross the network unencrypted (mqtt.allow_plaintext = true); use ssl://",
          mqtt.url(), password != null ? " and the MQTT password" : "");
    } else if (password != null && !mqtt.tls()) {
      LOG.warn("mqtt.url is {}: the MQTT password travels unencrypted; use ssl://", mqtt.url());
    }
    String username = mqtt.username() == null || mqtt.username().isEmpty() ? null : mqtt.username();
    return new MqttSettings(
        mqtt.url(),
        clientId,
        username,
        password,
        socketFactory,
        mqtt.keepAliveSeconds(),
        CONNECT_TIMEOUT_SECONDS,
        mqtt.maxInflight());
  }
}
