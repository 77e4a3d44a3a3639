package org.proximity.gateway.radio.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Frames btsnoop files. Format (Frontline/Teledyne LeCroy "BTSnoop File Format", after RFC 1761;
 * BlueZ {@code src/shared/btsnoop.h}), all integers big-endian:
 *
 * <ul>
 *   <li>header: "btsnoop\0", version (4) = 1, datalink type (4): 1001 un-encapsulated HCI (H1),
 *       1002 HCI UART (H4, Android's snoop log), 2001 Linux monitor (btmon -w);
 *   <li>record: original length (4), included length (4), packet flags (4), cumulative drops (4),
 *       timestamp (8, signed): microseconds since 0000-01-01 00:00 UTC, 0x00E03AB44A676000 µs
 *       before the Unix epoch; then the included bytes.
 * </ul>
 */
final class BtsnoopReader implements CaptureReader {
  static final byte[] MAGIC = "btsnoop\0".getBytes(StandardCharsets.ISO_8859_1);
  static final int HEADER_LENGTH = 16;
  static final int RECORD_HEADER_LENGTH = 24;
  static final int DATALINK_H1 = 1001;
  static final int DATALINK_H4 = 1002;
  static final int DATALINK_MONITOR = 2001;
  /** Microseconds from 0000-01-01 to 1970-01-01 (BlueZ btsnoop.c, Wireshark btsnoop.c). */
  static final long EPOCH_DELTA_MICROS = 0x00E03AB44A676000L;
  /** Larger than any HCI packet (ACL up to 64 KiB plus headers): a longer record is corrupt. */
  static final int MAX_RECORD = 1 << 17;

  private final ByteInput in;
  private final CaptureFrame frame = new CaptureFrame();
  private LinkType linkType;
  private long frames;

  BtsnoopReader(ByteInput in) {
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
    long original = Integer.toUnsignedLong(ByteInput.u32be(h, 0));
    long included = Integer.toUnsignedLong(ByteInput.u32be(h, 4));
    if (included > original || included > MAX_RECORD) {
      throw new CaptureFault(at, number, "corrupt record: included length " + included
          + " (original length " + original + ", at most " + MAX_RECORD + ")");
    }
    int flags = ByteInput.u32be(h, 8);
    long micros = ByteInput.u64be(h, 16) - EPOCH_DELTA_MICROS;
    int data = in.view((int) included, number, "record data");
    frames = number;
    return frame.set(number, at, Math.floorDiv(micros, 1_000_000L), (int) (Math.floorMod(micros, 1_000_000L) * 1000),
        linkType, flags, in.buffer(), data, (int) included);
  }

  private void readHeader() throws IOException, CaptureFault {
    byte[] h = in.readExactly(HEADER_LENGTH, 0, "btsnoop header");
    if (!Arrays.equals(h, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new CaptureFault(0, 0, "not a btsnoop file (no \"btsnoop\" identification pattern)");
    }
    int version = ByteInput.u32be(h, 8);
    if (version != 1) {
      throw new CaptureFault(8, 0, "unsupported btsnoop version " + Integer.toUnsignedString(version));
    }
    int datalink = ByteInput.u32be(h, 12);
    linkType = switch (datalink) {
      case DATALINK_H1 -> LinkType.BTSNOOP_H1;
      case DATALINK_H4 -> LinkType.BTSNOOP_H4;
      case DATALINK_MONITOR -> LinkType.BTSNOOP_MONITOR;
      default -> throw new CaptureFault(12, 0, "unsupported btsnoop datalink type "
          + Integer.toUnsignedString(datalink) + " (supported: 1001 H1, 1002 H4, 2001 monitor)");
    };
  }

  @Override
  public long frames() {
    return frames;
  }
}
