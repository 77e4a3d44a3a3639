package org.proximity.gateway.radio.replay;

/**
 * A capture file that cannot be read further: truncated, corrupt or unsupported. The message says
 * where, as frame number and byte offset; everything before it has been delivered. Stackless: it
 * describes the input, not the code.
 */
public final class CaptureFault extends Exception {
  private final long offset;
  private final long frame;

  /**
   * @param offset byte offset in the file where the fault was found
   * @param frame 1-based number of the frame being read, 0 for the file header
   */
  public CaptureFault(long offset, long frame, String what) {
    super((frame == 0 ? "file header" : "frame " + frame) + " at byte " + offset + ": " + what,
        null, false, false);
    this.offset = offset;
    this.frame = frame;
  }

  public long offset() {
    return offset;
  }

  public long frame() {
    return frame;
  }
}
