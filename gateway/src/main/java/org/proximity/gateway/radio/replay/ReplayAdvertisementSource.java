package org.proximity.gateway.radio.replay;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.AdvertisementSink;
import org.proximity.gateway.radio.AdvertisementSource;
import org.proximity.gateway.radio.ReportBlock;

/**
 * A capture file as a radio: delivers its advertisements, stamped with the capture's timestamps, on
 * the thread {@value #THREAD_NAME}. By default as fast as possible; with a speed factor, paced by
 * the capture's own timestamps (1.0 = real time, 10.0 = ten times faster). A fault ends delivery
 * after everything before it; {@link #fault()} then says where.
 */
public final class ReplayAdvertisementSource implements AdvertisementSource {
  public static final String THREAD_NAME = "radio-replay";
  /** Speed factor meaning "no pacing". */
  public static final double AS_FAST_AS_POSSIBLE = 0;

  private final Path file;
  private final CaptureFormat format;
  private final double speed;
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile Thread thread;
  private volatile String fault;
  private volatile long delivered;
  private volatile boolean closing;
  private volatile long frames;
  private volatile Map<String, Long> skippedByReason = Map.of();

  /** @param speed {@link #AS_FAST_AS_POSSIBLE}, or a factor above 0 for paced replay */
  public ReplayAdvertisementSource(Path file, CaptureFormat format, double speed) {
    if (!(speed >= 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("replay speed must be 0 (as fast as possible) or above, was " + speed);
    }
    this.file = file;
    this.format = format;
    this.speed = speed;
  }

  @Override
  public String name() {
    return "replay";
  }

  @Override
  public void start(AdvertisementSink sink) throws SourceException {
    if (thread != null) {
      throw new SourceException("replay of " + file + " already started");
    }
    InputStream in;
    try {
      in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    } catch (IOException e) {
      throw SourceException.needsConfigChange("cannot open capture " + file + ": " + e.getMessage(), e);
    }
    Thread t = new Thread(() -> run(in, sink), THREAD_NAME);
    thread = t;
    t.start();
  }

  private void run(InputStream in, AdvertisementSink sink) {
    CaptureReplay replay = CaptureReplay.of(in, format);
    long[] count = new long[1]; // this thread's; published once per block or report
    try (in) {
      if (speed > 0) {
        paced(replay, sink, count);
      } else {
        // as fast as possible, the next report is always ready: hand them over in blocks. A new one
        // each time where the pipeline runs on another core: a block that core read last costs far
        // more to refill than fresh memory; on one processor, reused (docs/benchmarks.md "Report blocks")
        replay.run(blocks(Runtime.getRuntime().availableProcessors()), block -> {
          count[0] += block.size();
          sink.acceptBlock(block);
          delivered = count[0];
          if (Thread.currentThread().isInterrupted()) {
            throw new Stopped();
          }
        });
      }
    } catch (CaptureFault f) {
      fault = "corrupt capture " + file + ": " + f.getMessage();
    } catch (IOException e) {
      if (closing) {
        return; // an interrupt closes the file channel: that is our own stop
      }
      fault = "cannot read capture " + file + ": " + e.getMessage();
    } catch (Stopped s) {
      // closed before the end
    } finally {
      delivered = count[0];
      frames = replay.frames();
      skippedByReason = Map.copyOf(replay.skippedByReason());
      ended.countDown();
    }
  }

  /** Where blocks come from on a machine of {@code processors}: new ones, or on one processor reused ones. */
  static Supplier<ReportBlock> blocks(int processors) {
    return processors > 1 ? ReportBlock::new : new ReportBlock.Pool()::take;
  }

  /** Report by report, each when its time has come. */
  private void paced(CaptureReplay replay, AdvertisementSink sink, long[] count) throws IOException, CaptureFault {
    long startNanos = System.nanoTime();
    Instant[] first = new Instant[1];
    replay.run(a -> {
      pace(a, first, startNanos);
      if (Thread.currentThread().isInterrupted()) {
        throw new Stopped();
      }
      sink.accept(a);
      delivered = ++count[0];
    });
  }

  /** Frames read; final once the replay has ended. */
  public long frames() {
    return frames;
  }

  /** Frames and reports skipped, by reason (as the {@code replay} summary prints them); final once ended. */
  public Map<String, Long> skippedByReason() {
    return skippedByReason;
  }

  private void pace(Advertisement a, Instant[] first, long startNanos) {
    if (first[0] == null) {
      first[0] = a.receivedAt();
    }
    long captureNanos = Duration.between(first[0], a.receivedAt()).toNanos();
    long due = startNanos + (long) (captureNanos / speed);
    long wait;
    while ((wait = due - System.nanoTime()) > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(wait); // pacing, not synchronisation
      } catch (InterruptedException e) {
        throw new Stopped();
      }
    }
  }

  /** Thrown inside the reader's callback to stop it. */
  private static final class Stopped extends RuntimeException {
    Stopped() {
      super(null, null, false, false);
    }
  }

  @Override
  public boolean isExhausted() {
    return ended.getCount() == 0;
  }

  /** Waits until the whole capture has been delivered (or the replay stopped); false on timeout. */
  public boolean awaitEnd(Duration timeout) throws InterruptedException {
    return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Why the replay ended early, with frame number and byte offset; empty if it did not. */
  public Optional<String> fault() {
    return Optional.ofNullable(fault);
  }

  /** Reports handed to the sink: exact once {@link #isExhausted}; while running, up to a block behind. */
  public long delivered() {
    return delivered;
  }

  @Override
  public void close() {
    Thread t = thread;
    if (t == null) {
      return;
    }
    closing = true;
    t.interrupt();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
