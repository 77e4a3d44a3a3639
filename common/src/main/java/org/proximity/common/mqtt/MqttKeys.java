package org.proximity.common.mqtt;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.proximity.common.config.TomlTable;

/**
 * The broker connection keys of an {@code [mqtt]} table, the same for the gateway and the
 * collector, each with its default and its rule ({@link #read}). Paths that are empty in the file
 * are null. The caller reads its own further keys from the same table and then rejects unknown ones.
 */
public record MqttKeys(
    String url,
    String topicPrefix,
    Path caFile,
    Path certFile,
    Path keyFile,
    String username,
    Path passwordFile,
    int maxInflight,
    int keepAliveSeconds) {

  /** A topic level or client id: what TopicScheme accepts. */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private static final Pattern URL = Pattern.compile("(tcp|ssl)://[^\\s/:]+(:[0-9]{1,5})?");

  /** Reads the connection keys of {@code t}; problems are added to the table's list. */
  public static MqttKeys read(TomlTable t) {
    String url = t.string("url", "tcp://127.0.0.1:1883");
    if (!URL.matcher(url).matches()) {
      t.problem("url", "must look like tcp://host:port or ssl://host:port", "\"" + url + "\"");
    }
    String prefix = t.string("topic_prefix", "proximity");
    if (!ID.matcher(prefix).matches()) {
      t.problem("topic_prefix", "must be 1-64 characters from A-Z a-z 0-9 . _ -", "\"" + prefix + "\"");
    }
    Path ca = path(t.string("ca_file", ""));
    Path cert = path(t.string("cert_file", ""));
    Path key = path(t.string("key_file", ""));
    if ((cert == null) != (key == null)) {
      t.problem("cert_file", "and mqtt.key_file must be given together", cert == null ? "\"\"" : "\"" + cert + "\"");
    }
    if (!url.startsWith("ssl://") && (ca != null || cert != null)) {
      t.problem("url", "must start with ssl:// when mqtt.ca_file or mqtt.cert_file is set", "\"" + url + "\"");
    }
    String user = t.string("username", "");
    Path password = path(t.string("password_file", ""));
    if (password != null && user.isEmpty()) {
      t.problem("username", "is required when mqtt.password_file is set", "\"\"");
    }
    return new MqttKeys(
        url,
        prefix,
        ca,
        cert,
        key,
        user,
        password,
        (int) t.integer("max_inflight", 32, 1, 1000),
        (int) t.integer("keepalive_seconds", 30, 5, 3600));
  }

  public boolean tls() {
    return url.startsWith("ssl://");
  }

  /** Empty means "not set". */
  public static Path path(String s) {
    return s == null || s.isEmpty() ? null : Path.of(s);
  }
}
