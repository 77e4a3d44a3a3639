package org.proximity.gateway.config;

import java.nio.file.Path;
import java.util.Locale;
import org.proximity.common.mqtt.MqttKeys;

/**
 * The whole configuration, as validated values. Every key, its default and its rule are listed in
 * the shipped example {@code gateway.toml}; {@link ConfigLoader} is the only way to build one
 * from a file.
 */
public record GatewayConfig(
    String site, String gateway, Radio radio, Keys keys, Buckets buckets, Clock clock, Mqtt mqtt, Outbox outbox, Status status) {

  /** Where advertisements come from ({@code radio.source}). */
  public enum RadioSource {
    BLUEZ, TINYB, REPLAY, SIMULATOR;

    /** The name in the config file and in payloads. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** A real radio, as opposed to a capture or a simulation. */
    public boolean live() {
      return this == BLUEZ || this == TINYB;
    }
  }

  /** {@code outbox.sync}: fsync each appended batch, or leave it to the OS. */
  public enum OutboxSync { BATCH, NONE }

  /** {@code clock.sync}: ask timesyncd, chrony and timedatectl, or trust the clock as set. */
  public enum ClockSync { AUTO, TRUST }

  /** Where advertisements come from. */
  public record Radio(
      RadioSource source, String adapter, int queueSize, Simulator simulator, Replay replay, BluezoneIos bluezoneIos) {}

  /**
   * Active GATT reads of Bluezone iPhones' IDs (docs/visibility.md): off unless {@code readIds};
   * at most {@code maxPerMinute} connections a minute, each given up after {@code connectTimeoutSeconds}.
   */
  public record BluezoneIos(boolean readIds, int maxPerMinute, int connectTimeoutSeconds) {
    public static final BluezoneIos OFF = new BluezoneIos(false, 30, 10);
  }

  public record Simulator(int phones, double speed, long seed) {}

  public record Replay(Path file, String format) {}

  /** Day key on the device (the root key stays with the backend, except for simulations). */
  public record Keys(Path dayKeyFile, Path rootKeyFile) {}

  /** {@code sync}: auto (ask timesyncd, chrony or timedatectl) or trust (an RTC keeps time). */
  public record Clock(ClockSync sync, int maxHoldMinutes) {}

  public record Buckets(int minutes, int maxIds, int maxAddresses, int closeGraceSeconds) {}

  /** Broker connection (the keys the collector shares), how large a message may grow, and how long to wait for a PUBACK. */
  public record Mqtt(MqttKeys broker, int maxRecordsPerMessage, int ackTimeoutSeconds) {

    public static final int DEFAULT_ACK_TIMEOUT_SECONDS = 120;

    /** With the default {@code ack_timeout_seconds}. */
    public Mqtt(MqttKeys broker, int maxRecordsPerMessage) {
      this(broker, maxRecordsPerMessage, DEFAULT_ACK_TIMEOUT_SECONDS);
    }
  }

  public record Outbox(Path dir, long maxMb, int maxAgeDays, OutboxSync sync) {}

  /** The status LED: {@code ledGpio} is a BCM pin 0-27, or {@link #NO_LED} for the log only. */
  public record Status(int ledGpio, boolean activeLow) {
    public static final int NO_LED = -1;

    public boolean led() {
      return ledGpio != NO_LED;
    }
  }
}
