package org.proximity.contract.payload;

import java.util.Objects;

/**
 * One encounters message as a backend receives it: who sent it and where it stands in the
 * gateway's sequence ({@code envelope}, whose {@link BatchCodec.Envelope#batchId()} is the
 * idempotency key) and the part of the batch it carries.
 */
public record EncounterMessage(BatchCodec.Envelope envelope, EncounterBatch batch) {

  public EncounterMessage {
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(batch, "batch");
  }

  /** {@code site/gateway/epoch/seq}: the same for every redelivery of this message. */
  public String batchId() {
    return envelope.batchId();
  }
}
