package org.proximity.gateway.radio.replay;

import java.time.Instant;

/**
 * One frame as a {@link CaptureReader} framed it: its reader's one frame, refilled by each {@code
 * next()}, so that reading a pcap or btsnoop capture makes no object per frame. Its bytes are {@code
 * data()[dataOffset() .. dataOffset() + length())}, often the reader's own buffer: valid until the
 * reader's next call, and read on the reader's thread only.
 */
public final class CaptureFrame {
  private long number;
  private long offset;
  private long epochSecond;
  private int nano;
  private LinkType linkType;
  private int flags;
  private byte[] data;
  private int dataOffset;
  private int length;

  CaptureFrame() {
    // a reader's own
  }

  /** Refills the frame; the caller has checked every value. */
  CaptureFrame set(long number, long offset, long epochSecond, int nano, LinkType linkType, int flags,
      byte[] data, int dataOffset, int length) {
    this.number = number;
    this.offset = offset;
    this.epochSecond = epochSecond;
    this.nano = nano;
    this.linkType = linkType;
    this.flags = flags;
    this.data = data;
    this.dataOffset = dataOffset;
    this.length = length;
    return this;
  }

  /** 1-based frame number in the file. */
  public long number() {
    return number;
  }

  /** Byte offset of the frame's record header in the file. */
  public long offset() {
    return offset;
  }

  /** The capture's timestamp for the frame, whole seconds since the epoch; see {@link #nano()}. */
  public long epochSecond() {
    return epochSecond;
  }

  public int nano() {
    return nano;
  }

  /** The same as an {@link Instant} (a new one each call). */
  public Instant time() {
    return Instant.ofEpochSecond(epochSecond, nano);
  }

  /** How the bytes are laid out. */
  public LinkType linkType() {
    return linkType;
  }

  /** The btsnoop record's packet flags (0 for pcap and pcapng). */
  public int flags() {
    return flags;
  }

  /**
   * The array the captured bytes lie in: not a copy, and it may hold other frames (other devices'
   * addresses and IDs) around them. Read only the frame's range; never print or log it.
   */
  public byte[] data() {
    return data;
  }

  public int dataOffset() {
    return dataOffset;
  }

  /** How many bytes were captured. */
  public int length() {
    return length;
  }

  /** Never prints the data: it may hold MACs and rolling IDs. */
  @Override
  public String toString() {
    return "CaptureFrame[number=" + number + ", offset=" + offset + ", time=" + time()
        + ", linkType=" + linkType + ", length=" + length + "]";
  }
}
