package org.proximity.backend.records;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.proximity.backend.match.StoredRecord;
import org.proximity.contract.payload.BatchCodec;
import org.proximity.contract.payload.BatchDecoder;
import org.proximity.contract.payload.EncounterMessage;
import org.proximity.contract.payload.EncounterRecord;
import org.proximity.contract.payload.PayloadException;

/**
 * Encounters messages as JSON lines, one payload a line, as {@code replay} writes them. A line that
 * is not a valid message is counted by reason and skipped; a message seen before (same {@code batch}
 * id, a redelivery) is counted and skipped, so that each record is reported once.
 */
public final class JsonLinesRecords implements RecordSource {
  /** A payload is at most a few hundred kilobytes; a longer line is not one. */
  static final int MAX_LINE_BYTES = 16 << 20;

  private final InputStream in;
  private final Map<String, Long> skipped = new TreeMap<>();
  private final Set<String> seenBatches = new HashSet<>();
  private long messages;

  /** Reads {@code in} to its end; the caller closes it. */
  public JsonLinesRecords(InputStream in) {
    this.in = in;
  }

  @Override
  public void scan(String kind, long fromDay, long toDay, RecordVisitor visitor) throws RecordSourceException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(8192);
    boolean tooLong = false;
    try {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        int from = 0;
        for (int i = 0; i < n; i++) {
          if (buf[i] != '\n') {
            continue;
          }
          tooLong = append(line, buf, from, i, tooLong);
          endOfLine(line, tooLong, kind, fromDay, toDay, visitor);
          line.reset();
          tooLong = false;
          from = i + 1;
        }
        tooLong = append(line, buf, from, n, tooLong);
      }
      endOfLine(line, tooLong, kind, fromDay, toDay, visitor);
    } catch (IOException e) {
      throw new RecordSourceException(RecordSourceException.Kind.READ_FAILED, "cannot read: " + e.getMessage());
    }
  }

  @Override
  public Map<String, Long> skippedByReason() {
    return Map.copyOf(skipped);
  }

  @Override
  public long messages() {
    return messages;
  }

  private static boolean append(ByteArrayOutputStream line, byte[] buf, int from, int to, boolean tooLong) {
    if (tooLong || line.size() + (to - from) > MAX_LINE_BYTES) {
      line.reset();
      return true;
    }
    line.write(buf, from, to - from);
    return false;
  }

  private void endOfLine(ByteArrayOutputStream line, boolean tooLong, String kind, long fromDay, long toDay,
      RecordVisitor v) {
    if (tooLong) {
      count("line_too_long");
      return;
    }
    byte[] bytes = line.toByteArray();
    if (isBlank(bytes)) {
      return;
    }
    EncounterMessage m;
    try {
      m = BatchDecoder.decode(bytes);
    } catch (PayloadException e) {
      count(e.reason().wireName());
      return;
    }
    if (!seenBatches.add(m.batchId())) {
      count("duplicate_message");
      return;
    }
    messages++;
    BatchCodec.Envelope env = m.envelope();
    long day = m.batch().bucket().epochDay();
    v.batchKey(env.site(), day, m.batch().keyId(), m.batch().records().size());
    for (EncounterRecord r : m.batch().records()) {
      if (day >= fromDay && day <= toDay && r.kind().equals(kind) && v.wants(env.site(), day, r.id())) {
        v.record(new StoredRecord(env.site(), env.gateway(), m.batch().bucket(), r));
      }
    }
  }

  private void count(String reason) {
    skipped.merge(reason, 1L, Long::sum);
  }

  private static boolean isBlank(byte[] b) {
    for (byte x : b) {
      if (x != ' ' && x != '\t' && x != '\r') {
        return false;
      }
    }
    return true;
  }
}
