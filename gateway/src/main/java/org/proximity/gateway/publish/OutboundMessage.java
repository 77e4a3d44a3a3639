package org.proximity.gateway.publish;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/** One MQTT message waiting for delivery, identified by its per-gateway sequence number. */
public record OutboundMessage(long seq, String topic, byte[] payload, Instant storedAt) {
  public OutboundMessage {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(storedAt, "storedAt");
    payload = payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OutboundMessage m
        && m.seq == seq
        && m.topic.equals(topic)
        && Arrays.equals(m.payload, payload)
        && m.storedAt.equals(storedAt);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(seq);
  }

  @Override
  public String toString() {
    return "OutboundMessage[seq=" + seq + ", topic=" + topic + ", bytes=" + payload.length + "]";
  }
}
