package org.proximity.gateway.radio.replay;

import java.time.Instant;
import java.util.Objects;

/**
 * One frame as a {@link CaptureReader} framed it.
 *
 * @param number 1-based frame number in the file
 * @param offset byte offset of the frame's record header in the file
 * @param time the capture's timestamp for the frame
 * @param linkType how {@code data} is laid out
 * @param flags the btsnoop record's packet flags (0 for pcap and pcapng)
 * @param data the captured bytes; owned by the frame, not copied (frames live on one thread)
 */
public record CaptureFrame(long number, long offset, Instant time, LinkType linkType, int flags, byte[] data) {

  public CaptureFrame {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(linkType, "linkType");
    Objects.requireNonNull(data, "data");
  }

  /** Never prints the data: it may hold MACs and rolling IDs. */
  @Override
  public String toString() {
    return "CaptureFrame[number=" + number + ", offset=" + offset + ", time=" + time
        + ", linkType=" + linkType + ", length=" + data.length + "]";
  }
}
