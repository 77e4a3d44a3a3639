package org.proximity.gateway.app;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.ClockState;
import org.proximity.gateway.ad.AdFault;
import org.proximity.gateway.ad.DeviceKind;
import org.proximity.gateway.bucket.BatchSink;
import org.proximity.gateway.bucket.EncounterAggregator;
import org.proximity.gateway.bucket.HashingKey;
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
  private Instant captureTime = Instant.MIN;

  public CaptureReplayRun(InputStream capture, CaptureFormat format, BucketWidth width,
      HashingKey.ForDay keys, BatchSink sink) {
    this.replay = CaptureReplay.of(capture, format);
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
      replay.run(a -> {
        pipeline.process(a);
        if (a.receivedAt().isAfter(captureTime)) {
          captureTime = a.receivedAt();
          pipeline.closeEndedBy(captureTime);
        }
      });
    } catch (CaptureFault fault) {
      pipeline.closeAllAsPartial();
      throw fault;
    }
    pipeline.closeAllAsPartial();
    return summary();
  }

  public Summary summary() {
    return new Summary(replay.frames(), pipeline.advertisements(), pipeline.advertisementsByKind(),
        pipeline.malformedByReason(), replay.skippedByReason(), pipeline.batches());
  }
}
