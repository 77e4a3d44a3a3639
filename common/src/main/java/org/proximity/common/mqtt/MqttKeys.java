package org.proximity.common.mqtt;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
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
    int keepAliveSeconds,
    boolean allowPlaintext) {

  /** A topic level or client id: what TopicScheme accepts. */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /**
   * The topic level in a site's place under which the backend's collectors publish their own health
   * ({@code <prefix>/backend/<collector>/health}): no gateway's site may be named so.
   */
  public static final String BACKEND_LEVEL = "backend";

  private static final Pattern URL = Pattern.compile("(tcp|ssl)://[^\\s/:]+(:[0-9]{1,5})?");

  /** With {@code allow_plaintext} off. */
  public MqttKeys(String url, String topicPrefix, Path caFile, Path certFile, Path keyFile, String username,
      Path passwordFile, int maxInflight, int keepAliveSeconds) {
    this(url, topicPrefix, caFile, certFile, keyFile, username, passwordFile, maxInflight, keepAliveSeconds, false);
  }

  /** Reads the connection keys of {@code t}; problems are added to the table's list. */
  public static MqttKeys read(TomlTable t) {
    String url = t.string("url", "tcp://127.0.0.1:1883");
    Matcher u = URL.matcher(url);
    if (!u.matches()) {
      t.problem("url", "must look like tcp://host:port or ssl://host:port", "\"" + url + "\"");
    } else if (u.group(2) != null && !validPort(u.group(2).substring(1))) {
      t.problem("url", "must have a port from 1 to 65535", "\"" + url + "\"");
    }
    String prefix = t.string("topic_prefix", "proximity");
    if (!ID.matcher(prefix).matches()) {
      t.problem("topic_prefix", "must be 1-64 characters from A-Z a-z 0-9 . _ -", "\"" + prefix + "\"");
    }
    Path ca = t.path("ca_file", "");
    Path cert = t.path("cert_file", "");
    Path key = t.path("key_file", "");
    if ((cert == null) != (key == null)) {
      t.problem("cert_file", "and mqtt.key_file must be given together", cert == null ? "\"\"" : "\"" + cert + "\"");
    }
    if (!url.startsWith("ssl://") && (ca != null || cert != null)) {
      t.problem("url", "must start with ssl:// when mqtt.ca_file or mqtt.cert_file is set", "\"" + url + "\"");
    }
    String user = t.string("username", "");
    Path password = t.path("password_file", "");
    if (password != null && user.isEmpty()) {
      t.problem("username", "is required when mqtt.password_file is set", "\"\"");
    }
    MqttKeys keys = new MqttKeys(
        url,
        prefix,
        ca,
        cert,
        key,
        user,
        password,
        (int) t.integer("max_inflight", 32, 1, 1000),
        (int) t.integer("keepalive_seconds", 30, 5, 3600),
        t.bool("allow_plaintext", false));
    if (u.matches() && !keys.tls() && !keys.loopback() && !keys.allowPlaintext()) {
      t.problem("url", "must start with ssl:// for a broker that is not on this machine (credentials and records"
          + " would cross the network unencrypted); set mqtt.allow_plaintext = true to accept that", "\"" + url + "\"");
    }
    return keys;
  }

  private static boolean validPort(String digits) {
    int port = Integer.parseInt(digits); // at most 5 digits (URL)
    return port >= 1 && port <= 65_535;
  }

  public boolean tls() {
    return url.startsWith("ssl://");
  }

  /** The URL's host (the URL has no IPv6 literals: see {@link #read}). */
  public String host() {
    String rest = url.substring(url.indexOf("://") + 3);
    int colon = rest.indexOf(':');
    return colon < 0 ? rest : rest.substring(0, colon);
  }

  /**
   * The broker is on this machine by the URL alone (no name lookup): {@code localhost} or an address
   * in 127.0.0.0/8. Only then may {@code tcp://} go unencrypted without {@code allow_plaintext}.
   */
  public boolean loopback() {
    String h = host().toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.matches("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");
  }

  /** Empty means "not set". */
  public static Path path(String s) {
    return s == null || s.isEmpty() ? null : Path.of(s);
  }
}
