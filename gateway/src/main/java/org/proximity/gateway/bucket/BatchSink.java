package org.proximity.gateway.bucket;

import org.proximity.contract.payload.EncounterBatch;

/** Where closed batches go: the outbox for MQTT, or a JSON-lines file for replay and tests. */
@FunctionalInterface
public interface BatchSink {
  void accept(EncounterBatch batch);
}
