package org.proximity.gateway.radio.replay;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.proximity.gateway.radio.AddressType;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.AdvertisementSink;
import org.proximity.gateway.radio.ReportBlock;
import org.proximity.gateway.radio.hci.HciAdvertisingReport;
import org.proximity.gateway.radio.hci.HciReportSink;
import org.proximity.gateway.radio.ll.LlFrameOutcome;

/**
 * A capture file read to the end: reader → frame decoder → advertisements stamped with the
 * capture's own time, one by one as objects or in {@link ReportBlock}s. Runs on the caller's
 * thread; not thread-safe.
 */
public final class CaptureReplay {
  private final CaptureReader reader;
  private final FrameDecoder decoder = new FrameDecoder();
  private long advertisements;

  public CaptureReplay(CaptureReader reader) {
    this.reader = reader;
  }

  /** Opens {@code file}; the caller closes the stream (see {@link #run(Path, CaptureFormat, Consumer)}). */
  public static CaptureReplay of(InputStream in, CaptureFormat format) {
    return new CaptureReplay(CaptureReader.open(in, format));
  }

  /** Reads a whole file, delivering each advertisement; returns the replay for its counts. */
  public static CaptureReplay run(Path file, CaptureFormat format, Consumer<Advertisement> out)
      throws IOException, CaptureFault {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      CaptureReplay replay = of(in, format);
      replay.run(out);
      return replay;
    }
  }

  /**
   * Delivers every advertisement in file order, one by one as objects (read a block ahead). On a
   * fault, everything before it has been delivered when {@link CaptureFault} is thrown.
   */
  public void run(Consumer<Advertisement> out) throws IOException, CaptureFault {
    AdvertisementSink oneByOne = out::accept;
    run(new ReportBlock.Pool()::take, oneByOne::acceptBlock);
  }

  /**
   * Delivers every advertisement in file order in blocks from {@code blocks}: each block,
   * once full and at the end, goes to {@code out}, which owns it from then on. On a fault, everything
   * before it has been delivered when {@link CaptureFault} is thrown.
   */
  public void run(Supplier<ReportBlock> blocks, Consumer<ReportBlock> out) throws IOException, CaptureFault {
    Filler filler = new Filler(blocks, out);
    Throwable failure = null;
    try {
      CaptureFrame frame;
      while ((frame = reader.next()) != null) {
        filler.second = frame.epochSecond();
        filler.nano = frame.nano();
        decoder.decode(frame, filler);
      }
    } catch (IOException | CaptureFault | RuntimeException e) {
      failure = e;
      throw e;
    } finally {
      // what was read before the end, a fault or a stop is still delivered
      try {
        filler.flush();
      } catch (RuntimeException e) {
        if (failure == null) {
          throw e;
        }
        failure.addSuppressed(e);
      }
    }
  }

  /** Fills blocks with the reports of the frame being decoded, stamped with its time. */
  private final class Filler implements HciReportSink {
    long second;
    int nano;
    private final Supplier<ReportBlock> blocks;
    private final Consumer<ReportBlock> out;
    private ReportBlock block;

    Filler(Supplier<ReportBlock> blocks, Consumer<ReportBlock> out) {
      this.blocks = blocks;
      this.out = out;
    }

    @Override
    public void report(boolean extended, int eventType, AddressType addressType, long address, int primaryPhy,
        int secondaryPhy, int sid, int txPower, int rssi, byte[] buf, int dataOffset, int dataLength) {
      if (block == null) {
        block = blocks.get();
      }
      block.add(second, nano, addressType, address, rssi, buf, dataOffset, dataLength,
          HciAdvertisingReport.extendedData(extended, eventType));
      advertisements++;
      if (block.isFull()) {
        flush();
      }
    }

    void flush() {
      ReportBlock full = block;
      block = null;
      if (full != null) {
        out.accept(full);
      }
    }
  }

  public long frames() {
    return reader.frames();
  }

  public long advertisements() {
    return advertisements;
  }

  /** Frames and reports that gave no advertisement, by wire name (summaries). */
  public Map<String, Long> skippedByReason() {
    Map<String, Long> m = new LinkedHashMap<>();
    decoder.skips().nonZero().forEach((k, v) -> m.put(k.wireName(), v));
    decoder.hci().faults().nonZero().forEach((k, v) -> m.put(k.wireName(), v));
    decoder.linkLayer().outcomes().nonZero().forEach((k, v) -> {
      if (k != LlFrameOutcome.ADVERTISEMENT) {
        m.put(k.wireName(), v);
      }
    });
    return m;
  }
}
