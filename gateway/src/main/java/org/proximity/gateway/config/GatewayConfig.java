package org.proximity.gateway.config;

import java.nio.file.Path;

/**
 * The whole configuration, as validated values. Every key, its default and its rule are listed in
 * the shipped example {@code gateway.toml}; {@link ConfigLoader} is the only way to build one
 * from a file.
 */
public record GatewayConfig(
    String site, String gateway, Radio radio, Keys keys, Buckets buckets, Clock clock, Mqtt mqtt, Outbox outbox, Status status) {

  /** Where advertisements come from. */
  public record Radio(String source, String adapter, int queueSize, Simulator simulator, Replay replay) {}

  public record Simulator(int phones, double speed, long seed) {}

  public record Replay(Path file, String format) {}

  /** Day key on the device (the root key stays with the backend, except for simulations). */
  public record Keys(Path dayKeyFile, Path rootKeyFile) {}

  /** {@code sync}: auto (ask timesyncd, chrony or timedatectl) or trust (an RTC keeps time). */
  public record Clock(String sync, int maxHoldMinutes) {}

  public record Buckets(int minutes, int maxIds, int maxAddresses, int closeGraceSeconds) {}

  /** Broker connection. Paths that are empty in the file are null here. */
  public record Mqtt(
      String url,
      String topicPrefix,
      Path caFile,
      Path certFile,
      Path keyFile,
      String username,
      Path passwordFile,
      int maxInflight,
      int keepAliveSeconds,
      int maxRecordsPerMessage,
      int ackTimeoutSeconds,
      boolean allowPlaintext) {

    public static final int DEFAULT_ACK_TIMEOUT_SECONDS = 120;

    /** With the default {@code ack_timeout_seconds}, and {@code allow_plaintext} off. */
    public Mqtt(String url, String topicPrefix, Path caFile, Path certFile, Path keyFile, String username,
        Path passwordFile, int maxInflight, int keepAliveSeconds, int maxRecordsPerMessage) {
      this(url, topicPrefix, caFile, certFile, keyFile, username, passwordFile, maxInflight, keepAliveSeconds,
          maxRecordsPerMessage, DEFAULT_ACK_TIMEOUT_SECONDS, false);
    }

    public boolean tls() {
      return url.startsWith("ssl://");
    }

    /** The URL's host: a name, an IPv4 address, or an IPv6 address in brackets. */
    public String host() {
      String rest = url.substring(url.indexOf("://") + 3);
      int colon = rest.startsWith("[") ? rest.indexOf(':', rest.indexOf(']')) : rest.indexOf(':');
      return colon < 0 ? rest : rest.substring(0, colon);
    }

    /**
     * The broker is on this machine by the URL alone (no name lookup): {@code localhost}, an address
     * in 127.0.0.0/8, or {@code [::1]}. Only then may {@code tcp://} go unencrypted without {@code
     * allow_plaintext}.
     */
    public boolean loopback() {
      String h = host().toLowerCase(java.util.Locale.ROOT);
      return h.equals("localhost") || h.equals("[::1]") || h.matches("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");
    }
  }

  public record Outbox(Path dir, long maxMb, int maxAgeDays, String sync) {}

  /** The status LED: {@code ledGpio} is a BCM pin 0-27, or {@link #NO_LED} for the log only. */
  public record Status(int ledGpio, boolean activeLow) {
    public static final int NO_LED = -1;

    public boolean led() {
      return ledGpio != NO_LED;
    }
  }
}
