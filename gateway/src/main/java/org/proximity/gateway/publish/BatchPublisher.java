package org.proximity.gateway.publish;

import java.time.InstantSource;
import java.util.List;
import org.proximity.contract.payload.BatchCodec;
import org.proximity.contract.payload.EncounterBatch;
import org.proximity.contract.payload.SequenceCounter;
import org.proximity.contract.payload.TopicScheme;
import org.proximity.gateway.bucket.BatchSink;

/**
 * Turns closed batches into numbered messages in the outbox: one message per part of at most
 * {@code maxRecordsPerMessage} records, so that no message outgrows a broker's size limit.
 * Called on the pipeline thread.
 */
public final class BatchPublisher implements BatchSink {
  private final TopicScheme topics;
  private final SequenceCounter sequence;
  private final Outbox outbox;
  private final InstantSource clock;
  private final int maxRecordsPerMessage;
  private final BatchCodec codec = new BatchCodec();
  private final Runnable onAppend;

  public BatchPublisher(
      TopicScheme topics,
      SequenceCounter sequence,
      Outbox outbox,
      InstantSource clock,
      int maxRecordsPerMessage,
      Runnable onAppend) {
    if (maxRecordsPerMessage < 1) {
      throw new IllegalArgumentException("maxRecordsPerMessage must be at least 1, was " + maxRecordsPerMessage);
    }
    this.topics = topics;
    this.sequence = sequence;
    this.outbox = outbox;
    this.clock = clock;
    this.maxRecordsPerMessage = maxRecordsPerMessage;
    this.onAppend = onAppend;
  }

  @Override
  public void accept(EncounterBatch batch) {
    publish(batch);
  }

  /** Stores every part of the batch; returns how many messages were appended. */
  public int publish(EncounterBatch batch) {
    List<BatchCodec.Part> parts =
        codec.encodeParts(topics.site(), topics.gateway(), sequence, batch, maxRecordsPerMessage);
    for (BatchCodec.Part part : parts) {
      outbox.append(new OutboundMessage(part.seq(), topics.encounters(), part.payload(), clock.instant()));
    }
    onAppend.run();
    return parts.size();
  }
}
