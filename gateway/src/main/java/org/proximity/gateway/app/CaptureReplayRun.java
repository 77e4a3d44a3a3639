package org.proximity.gateway.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Consumer;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.ClockState;
import org.proximity.gateway.ad.AdFault;
import org.proximity.gateway.ad.DeviceKind;
import org.proximity.gateway.bucket.BatchSink;
import org.proximity.gateway.bucket.EncounterAggregator;
import org.proximity.gateway.bucket.HashingKey;
import org.proximity.gateway.radio.ReportBlock;
import org.proximity.gateway.radio.replay.CaptureFault;
import org.proximity.gateway.radio.replay.CaptureFormat;
import org.proximity.gateway.radio.replay.CaptureReplay;

/**
 * A capture run through the whole pipeline synchronously, with the capture's own timestamps as
 * time: decode → hash → buckets. A bucket closes as soon as capture time (the latest timestamp seen
 * so far) passes its end; at the end of the file, or at a fault, the rest close as partial.
 *
 * <p>The seam for output: batches go to any {@link BatchSink} — JSON lines for the {@code replay}
 * command, or a {@code BatchPublisher} to publish with the service's MQTT settings.
 */
public final class CaptureReplayRun {
  /** A report that fails here is a bug: it ends the run, as it did one report at a time. */
  private static final Consumer<RuntimeException> RETHROW = e -> {
    throw e;
  };

  /** What a run saw, for the summary. */
  public record Summary(
      long frames,
      long advertisements,
      Map<DeviceKind, Long> byKind,
      Map<AdFault.Reason, Long> malformedByReason,
      Map<String, Long> skippedByReason,
      long batches) {}

  private final CaptureReplay replay;
  private final EncounterPipeline pipeline;
  private final long widthSeconds;
  /** Capture time: the latest report's second and nano so far. */
  private long captureSecond = Long.MIN_VALUE;
  private int captureNano;
  /** Whether a report since the last close lay in a bucket before capture time's (out of order). */
  private boolean behind;

  public CaptureReplayRun(InputStream capture, CaptureFormat format, BucketWidth width,
      HashingKey.ForDay keys, BatchSink sink) {
    this.replay = CaptureReplay.of(capture, format);
    this.widthSeconds = width.seconds();
    this.pipeline = new EncounterPipeline(
        new EncounterAggregator(width, keys, EncounterAggregator.Limits.DEFAULT), sink, () -> ClockState.CAPTURE);
    pipeline.listeningFromFirstReport();
  }

  /**
   * Runs to the end of the capture. On a fault, every batch before it has been handed on, the open
   * buckets are closed as partial, and then the fault is thrown.
   */
  public Summary run() throws IOException, CaptureFault {
    try {
      // one thread fills and processes: one block, reused
      replay.run(new ReportBlock.Pool()::take, this::process);
    } catch (CaptureFault fault) {
      pipeline.closeAllAsPartial();
      throw fault;
    }
    pipeline.closeAllAsPartial();
    return summary();
  }

  /**
   * Processes a block with the effect of one report at a time: buckets close once capture time
   * passes their end. Only a report that moves capture time into a later bucket, or the first newer
   * one after a report in an earlier bucket, can end one; the block is cut after each such report.
   */
  private void process(ReportBlock block) {
    int from = 0;
    long bucket = Math.floorDiv(captureSecond, widthSeconds);
    for (int i = 0; i < block.size(); i++) {
      long s = block.epochSecond(i);
      int n = block.nano(i);
      long b = Math.floorDiv(s, widthSeconds);
      if (s < captureSecond || s == captureSecond && n <= captureNano) {
        behind |= b < bucket;
        continue;
      }
      captureSecond = s;
      captureNano = n;
      if (b > bucket || behind) {
        bucket = b;
        behind = false;
        pipeline.processBlock(block, from, i + 1, null, RETHROW);
        from = i + 1;
        pipeline.closeEndedBy(block.receivedAt(i));
      }
    }
    pipeline.processBlock(block, from, block.size(), null, RETHROW);
    block.release();
  }

  public Summary summary() {
    return new Summary(replay.frames(), pipeline.advertisements(), pipeline.advertisementsByKind(),
        pipeline.malformedByReason(), replay.skippedByReason(), pipeline.batches());
  }
}
