package org.proximity.backend.config;

import java.nio.file.Path;
import org.proximity.common.mqtt.MqttKeys;

/**
 * The backend's configuration, as validated values. Every key, its default and its rule are in
 * the shipped {@code backend.toml}; {@link BackendConfigLoader} is the only way to build one.
 */
public record BackendConfig(Collector collector, Store store, Mqtt mqtt) {

  /**
   * {@code name}: MQTT client id, the {@code collector} column and the health topic level.
   * {@code maxGroupMessages}: messages committed in one transaction at most.
   */
  public record Collector(String name, int maxGroupMessages, int healthSeconds, int rejectLogSeconds) {}

  /** {@code url}: a jdbc: URL or an SQLite file path; {@code passwordFile} null when unset. */
  public record Store(String url, String user, Path passwordFile) {}

  /** The broker connection (the gateway's keys) and the optional shared-subscription group. */
  public record Mqtt(MqttKeys broker, String shareGroup) {

    /** The topic filter for one leaf: {@code [$share/<group>/]<prefix>/+/+/<leaf>}. */
    public String filter(String leaf) {
      String f = broker.topicPrefix() + "/+/+/" + leaf;
      return shareGroup.isEmpty() ? f : "$share/" + shareGroup + "/" + f;
    }

    /** Where the collector publishes its own health, retained. */
    public String healthTopic(String collector) {
      return broker.topicPrefix() + "/" + MqttKeys.BACKEND_LEVEL + "/" + collector + "/health";
    }
  }
}
