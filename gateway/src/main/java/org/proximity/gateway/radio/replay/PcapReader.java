package org.proximity.gateway.radio.replay;

import java.io.IOException;

/**
 * Frames libpcap files (IETF draft-ietf-opsawg-pcap, "PCAP Capture File Format"): a 24-byte header
 * (magic 0xA1B2C3D4 for microsecond or 0xA1B23C4D for nanosecond timestamps, written in the
 * writer's byte order; version; reserved; SnapLen; LinkType), then records of 16 bytes (seconds,
 * fraction, captured length, original length) and the captured bytes. Link types 201 and 256.
 */
final class PcapReader implements CaptureReader {
  static final int MAGIC_MICROS = 0xA1B2C3D4;
  static final int MAGIC_NANOS = 0xA1B23C4D;
  static final int HEADER_LENGTH = 24;
  static final int RECORD_HEADER_LENGTH = 16;
  /** A captured length above both the SnapLen and this is corrupt. */
  static final int MAX_RECORD = 1 << 18;

  private final ByteInput in;
  private final CaptureFrame frame = new CaptureFrame();
  private boolean bigEndian;
  private long fractionNanos;
  private long snapLength;
  private LinkType linkType;
  private long frames;

  PcapReader(ByteInput in) {
    this.in = in;
  }

  @Override
  public CaptureFrame next() throws IOException, CaptureFault {
    if (linkType == null) {
      readHeader();
    }
    long number = frames + 1;
    long at = in.offset();
    byte[] h = in.readRecordHeader(RECORD_HEADER_LENGTH, number);
    if (h == null) {
      return null;
    }
    long seconds = Integer.toUnsignedLong(ByteInput.u32(h, 0, bigEndian));
    long fraction = Integer.toUnsignedLong(ByteInput.u32(h, 4, bigEndian));
    long captured = Integer.toUnsignedLong(ByteInput.u32(h, 8, bigEndian));
    if (captured > Math.max(snapLength, MAX_RECORD) || captured > MAX_RECORD) {
      throw new CaptureFault(at, number, "corrupt record: captured length " + captured
          + " exceeds the snapshot length " + snapLength);
    }
    if (fraction * fractionNanos >= 1_000_000_000L) {
      throw new CaptureFault(at + 4, number, "corrupt record: timestamp fraction " + fraction + " is a second or more");
    }
    int data = in.view((int) captured, number, "record data");
    frames = number;
    return frame.set(number, at, seconds, (int) (fraction * fractionNanos), linkType, 0, in.buffer(), data, (int) captured);
  }

  private void readHeader() throws IOException, CaptureFault {
    byte[] h = in.readExactly(HEADER_LENGTH, 0, "pcap header");
    int magic = ByteInput.u32be(h, 0);
    if (magic == MAGIC_MICROS || magic == MAGIC_NANOS) {
      bigEndian = true;
    } else if (Integer.reverseBytes(magic) == MAGIC_MICROS || Integer.reverseBytes(magic) == MAGIC_NANOS) {
      bigEndian = false;
      magic = Integer.reverseBytes(magic);
    } else {
      throw new CaptureFault(0, 0, "not a pcap file (magic 0x" + Integer.toHexString(magic) + ")");
    }
    fractionNanos = magic == MAGIC_NANOS ? 1 : 1000;
    int major = ByteInput.u16(h, 4, bigEndian);
    if (major != 2) {
      throw new CaptureFault(4, 0, "unsupported pcap version " + major);
    }
    snapLength = Integer.toUnsignedLong(ByteInput.u32(h, 16, bigEndian));
    // the low 16 bits are the link type; the upper bits hold FCS information (draft 4)
    int link = ByteInput.u32(h, 20, bigEndian) & 0xFFFF;
    linkType = LinkType.fromPcap(link);
    if (linkType == null) {
      throw new CaptureFault(20, 0, "unsupported link type " + link
          + " (supported: 201 Bluetooth HCI H4 with pseudo-header, 256 Bluetooth LE LL with pseudo-header)");
    }
  }

  @Override
  public long frames() {
    return frames;
  }
}
