package org.proximity.backend.collect;

import java.time.Instant;
import org.proximity.contract.payload.EncounterMessage;
import org.proximity.contract.payload.PayloadException;

/** One MQTT message, read and checked, ready for the store: what the writer thread gets. */
public sealed interface Inbound {

  /** An encounters message; {@code countsJson} is its {@code counts} object as JSON text. */
  record Encounters(EncounterMessage message, String countsJson, int payloadBytes) implements Inbound {}

  /** A crowd minute; the two maps as JSON text, as they arrived. */
  record Crowd(
      String site,
      String gateway,
      Instant minute,
      String advertisementsJson,
      String distinctJson,
      long bluezoneIosPresences,
      long malformed,
      long overflow,
      long late,
      long future)
      implements Inbound {}

  /** A health message, kept whole; {@code time} is the gateway's own {@code time}. */
  record Health(String site, String gateway, Instant time, String json) implements Inbound {}

  /** The status word, {@code online} or {@code offline}. */
  record Status(String site, String gateway, String word) implements Inbound {}

  /**
   * A payload refused, for the quarantine. {@code site} and {@code gateway} come from the topic and
   * are null when the topic itself is not one of ours.
   */
  record Rejected(String topic, String site, String gateway, Reason reason, String detail, byte[] payload)
      implements Inbound {}

  /** Why a payload was refused: the contract's reasons, and topics that are not a gateway's. */
  enum Reason {
    NOT_JSON("not_json"),
    UNKNOWN_SCHEMA("unknown_schema"),
    INVALID("invalid"),
    UNKNOWN_TOPIC("unknown_topic"),
    /** Read and valid, but the database would not store it (e.g. PostgreSQL refuses NUL in text). */
    STORE_REFUSED("store_refused");

    private final String wireName;

    Reason(String wireName) {
      this.wireName = wireName;
    }

    /** The name in counters, logs, the collector's health and the quarantine table. */
    public String wireName() {
      return wireName;
    }

    static Reason of(PayloadException.Reason r) {
      return switch (r) {
        case NOT_JSON -> NOT_JSON;
        case UNKNOWN_SCHEMA -> UNKNOWN_SCHEMA;
        case INVALID -> INVALID;
      };
    }
  }
}
