package org.proximity.gateway.radio.replay;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import org.proximity.gateway.radio.hci.HciAdvertisingReport;
import org.proximity.gateway.radio.hci.HciEventEncoder;

/**
 * The writing side of {@link PcapReader} for link type 201, LINKTYPE_BLUETOOTH_HCI_H4_WITH_PHDR:
 * a 24-byte little-endian header with the microsecond magic 0xA1B2C3D4, version 2.4, SnapLen
 * {@value #SNAP_LENGTH}; then one record per HCI event: seconds, microseconds, captured and
 * original length, and the frame: the 4-byte big-endian direction (1 = received by the host), the
 * H4 packet type 0x04 (event) and the event packet. What {@link FrameDecoder} unwraps, this wraps.
 *
 * <p>Timestamps have microsecond precision: a time is written rounded down to the microsecond, so
 * it reads back as {@code time.truncatedTo(ChronoUnit.MICROS)}. Not thread-safe. The frames are
 * written as they come; {@link #close()} flushes and closes the stream.
 */
public final class PcapWriter implements Closeable {
  static final int LINK_TYPE_H4_WITH_PHDR = 201;
  static final int SNAP_LENGTH = 65_535;
  /** Direction field of the pseudo-header: 0 sent by the host, 1 received (an event). */
  static final int DIRECTION_RECEIVED = 1;
  private static final long MAX_SECONDS = 0xFFFF_FFFFL;

  private final OutputStream out;
  private final ByteBuffer recordHeader =
      ByteBuffer.allocate(PcapReader.RECORD_HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
  private long frames;

  /** Writes the file header at once; the caller's stream is owned (and closed) by the writer. */
  public PcapWriter(OutputStream out) throws IOException {
    this.out = out;
    ByteBuffer h = ByteBuffer.allocate(PcapReader.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(PcapReader.MAGIC_MICROS).putShort((short) 2).putShort((short) 4)
        .putInt(0) // reserved (was thiszone)
        .putInt(0) // reserved (was sigfigs)
        .putInt(SNAP_LENGTH)
        .putInt(LINK_TYPE_H4_WITH_PHDR);
    out.write(h.array());
  }

  /** One advertising report as its own HCI LE Advertising Report event, heard at {@code time}. */
  public void writeReport(Instant time, HciAdvertisingReport report) throws IOException {
    writeEvent(time, HciEventEncoder.legacyAdvertisingReport(report));
  }

  /** One HCI event packet (Event_Code onwards, no H4 type byte), received at {@code time}. */
  public void writeEvent(Instant time, byte[] event) throws IOException {
    long seconds = time.getEpochSecond();
    if (seconds < 0 || seconds > MAX_SECONDS) {
      throw new IllegalArgumentException("pcap time must lie between 1970 and 2106, was " + time);
    }
    int length = FrameDecoder.H4_PHDR_LENGTH + 1 + event.length;
    if (length > SNAP_LENGTH) {
      throw new IllegalArgumentException("an HCI event must be at most 65530 bytes, was " + event.length);
    }
    recordHeader.clear();
    recordHeader.putInt((int) seconds).putInt(time.getNano() / 1000).putInt(length).putInt(length);
    out.write(recordHeader.array());
    out.write(new byte[] {0, 0, 0, DIRECTION_RECEIVED, FrameDecoder.H4_EVENT});
    out.write(event);
    frames++;
  }

  /** Frames written so far. */
  public long frames() {
    return frames;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
