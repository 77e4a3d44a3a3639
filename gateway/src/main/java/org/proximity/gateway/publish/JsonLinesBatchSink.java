package org.proximity.gateway.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.proximity.contract.payload.BatchCodec;
import org.proximity.contract.payload.EncounterBatch;
import org.proximity.contract.payload.SequenceCounter;
import org.proximity.gateway.bucket.BatchSink;

/**
 * Writes batches as JSON lines: exactly the MQTT payload of {@link BatchCodec}, one line per
 * message part, numbered by a {@link SequenceCounter}. The replay command's output; the MQTT path
 * uses {@link BatchPublisher} with the same codec. A write failure is thrown as {@link
 * UncheckedIOException}.
 */
public final class JsonLinesBatchSink implements BatchSink {
  private final Writer out;
  private final String site;
  private final String gateway;
  private final SequenceCounter sequence;
  private final int maxRecordsPerMessage;
  private final BatchCodec codec = new BatchCodec();
  private long messages;

  public JsonLinesBatchSink(
      Writer out, String site, String gateway, SequenceCounter sequence, int maxRecordsPerMessage) {
    if (maxRecordsPerMessage < 1) {
      throw new IllegalArgumentException("maxRecordsPerMessage must be at least 1, was " + maxRecordsPerMessage);
    }
    this.out = out;
    this.site = site;
    this.gateway = gateway;
    this.sequence = sequence;
    this.maxRecordsPerMessage = maxRecordsPerMessage;
  }

  @Override
  public void accept(EncounterBatch batch) {
    try {
      for (BatchCodec.Part part : codec.encodeParts(site, gateway, sequence, batch, maxRecordsPerMessage)) {
        // the codec writes JSON with escaped strings: the payload is one line of UTF-8
        out.write(new String(part.payload(), StandardCharsets.UTF_8));
        out.write('\n');
        messages++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a batch: " + e.getMessage(), e);
    }
  }

  /** Lines written. */
  public long messages() {
    return messages;
  }
}
