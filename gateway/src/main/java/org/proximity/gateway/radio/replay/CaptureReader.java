package org.proximity.gateway.radio.replay;

import java.io.IOException;
import java.io.InputStream;

/**
 * Frames a capture file (Reader role, docs/architecture.md#codec-roles). {@link #next} returns frames in file order,
 * null at a clean end of file, and throws {@link CaptureFault} at the first fault, after every
 * frame before it has been returned. Never throws anything else on file content.
 */
public interface CaptureReader {

  /** The next frame, or null at the end of the file. */
  CaptureFrame next() throws IOException, CaptureFault;

  /** Frames returned so far. */
  long frames();

  /** A reader for {@code format}; reads the file header lazily on the first {@link #next}. */
  static CaptureReader open(InputStream in, CaptureFormat format) {
    ByteInput input = new ByteInput(in);
    return switch (format) {
      case BTSNOOP -> new BtsnoopReader(input);
      case PCAP -> new PcapReader(input);
      case PCAPNG -> new PcapngReader(input);
    };
  }
}
