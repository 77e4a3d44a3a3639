package org.proximity.gateway.radio.replay;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Frames pcapng files (IETF draft-ietf-opsawg-pcapng). Blocks are type (4), total length (4), body,
 * total length (4), in the byte order set by each Section Header Block's byte-order magic
 * 0x1A2B3C4D. Read: Section Header (0x0A0D0D0A), Interface Description (1: LinkType (2), reserved
 * (2), SnapLen (4), options incl. if_tsresol (9) and if_tsoffset (14)), Enhanced Packet (6:
 * interface ID, timestamp high and low, captured and original length, data padded to 32 bits) and
 * Simple Packet (3). Other blocks are skipped.
 */
final class PcapngReader implements CaptureReader {
  static final int SECTION_HEADER_BLOCK = 0x0A0D0D0A;
  static final int INTERFACE_DESCRIPTION_BLOCK = 1;
  static final int SIMPLE_PACKET_BLOCK = 3;
  static final int ENHANCED_PACKET_BLOCK = 6;
  static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
  static final int OPTION_END = 0;
  static final int OPTION_IF_TSRESOL = 9;
  static final int OPTION_IF_TSOFFSET = 14;
  /** A block longer than this is corrupt (no Bluetooth frame comes close). */
  static final int MAX_BLOCK = 1 << 20;
  /** 10^0 to 10^18: the decimal timestamp resolutions if_tsresol may name that fit a {@code long}. */
  private static final long[] POWERS_OF_TEN = new long[19];

  static {
    POWERS_OF_TEN[0] = 1;
    for (int i = 1; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
    }
  }

  private record Interface(LinkType linkType, long unitsPerSecond, boolean binary, int resolution, long offsetSeconds) {}

  private final ByteInput in;
  private boolean bigEndian;
  private boolean inSection;
  private final List<Interface> interfaces = new ArrayList<>();
  private final CaptureFrame frame = new CaptureFrame();
  /** A block's type and total length, read anew for each block. */
  private final byte[] header = new byte[8];
  /** The last timestamp, for a simple packet, which has none. */
  private long lastSecond;
  private int lastNano;
  private long frames;

  PcapngReader(ByteInput in) {
    this.in = in;
  }

  @Override
  public CaptureFrame next() throws IOException, CaptureFault {
    while (true) {
      long number = frames + 1;
      long at = in.offset();
      int got = in.read(header, 8);
      if (got == 0 && inSection) {
        return null;
      }
      if (got < 8) {
        throw new CaptureFault(at, number, "truncated block header: needs 8 bytes, only " + got + " left");
      }
      int type = ByteInput.u32be(header, 0);
      if (type == SECTION_HEADER_BLOCK) {
        readSectionHeader(at, number);
        continue;
      }
      if (!inSection) {
        throw new CaptureFault(at, 0, "not a pcapng file (no Section Header Block)");
      }
      type = ByteInput.u32(header, 0, bigEndian);
      long length = Integer.toUnsignedLong(ByteInput.u32(header, 4, bigEndian));
      if (length < 12 || length % 4 != 0 || length > MAX_BLOCK) {
        throw new CaptureFault(at, number, "corrupt block: total length " + length
            + " (must be a multiple of 4 between 12 and " + MAX_BLOCK + ")");
      }
      // the body in place in the input's buffer, valid until the next read: a packet is not copied
      int body = in.view((int) length - 8, number, "block");
      byte[] b = in.buffer();
      if (ByteInput.u32(b, body + (int) length - 12, bigEndian) != (int) length) {
        throw new CaptureFault(at + length - 4, number, "corrupt block: trailing total length differs from " + length);
      }
      int bodyLength = (int) length - 12;
      switch (type) {
        // copied (once per interface): readInterface's offsets stay those of the body
        case INTERFACE_DESCRIPTION_BLOCK -> interfaces.add(readInterface(Arrays.copyOfRange(b, body, body + bodyLength), at, number));
        case ENHANCED_PACKET_BLOCK -> {
          return enhancedPacket(b, body, bodyLength, at, number);
        }
        case SIMPLE_PACKET_BLOCK -> {
          return simplePacket(b, body, bodyLength, at, number);
        }
        default -> { } // statistics, name resolution, custom: nothing for us
      }
    }
  }

  private void readSectionHeader(long at, long number) throws IOException, CaptureFault {
    byte[] magic = in.readExactly(4, number, "section header");
    int m = ByteInput.u32be(magic, 0);
    if (m == BYTE_ORDER_MAGIC) {
      bigEndian = true;
    } else if (Integer.reverseBytes(m) == BYTE_ORDER_MAGIC) {
      bigEndian = false;
    } else {
      throw new CaptureFault(at + 8, number, "corrupt section header: byte-order magic 0x" + Integer.toHexString(m));
    }
    long length = Integer.toUnsignedLong(ByteInput.u32(header, 4, bigEndian));
    if (length < 28 || length % 4 != 0 || length > MAX_BLOCK) {
      throw new CaptureFault(at, number, "corrupt section header: total length " + length);
    }
    byte[] rest = in.readExactly((int) length - 12, number, "section header");
    if (ByteInput.u32(rest, rest.length - 4, bigEndian) != (int) length) {
      throw new CaptureFault(at + length - 4, number, "corrupt section header: trailing total length differs");
    }
    int major = ByteInput.u16(rest, 0, bigEndian);
    if (major != 1) {
      throw new CaptureFault(at + 12, number, "unsupported pcapng version " + major);
    }
    interfaces.clear(); // interface IDs are per section
    inSection = true;
  }

  private Interface readInterface(byte[] b, long at, long number) throws CaptureFault {
    int bodyLength = b.length;
    if (bodyLength < 8) {
      throw new CaptureFault(at, number, "corrupt interface description block: body of " + bodyLength + " bytes");
    }
    int link = ByteInput.u16(b, 0, bigEndian);
    LinkType linkType = LinkType.fromPcap(link);
    if (linkType == null) {
      throw new CaptureFault(at, number, "unsupported link type " + link
          + " (supported: 201 Bluetooth HCI H4 with pseudo-header, 256 Bluetooth LE LL with pseudo-header)");
    }
    boolean binary = false;
    int resolution = 6;
    long offsetSeconds = 0;
    int p = 8;
    while (p + 4 <= bodyLength) {
      int code = ByteInput.u16(b, p, bigEndian);
      int len = ByteInput.u16(b, p + 2, bigEndian);
      int value = p + 4;
      if (code == OPTION_END) {
        break;
      }
      if (value + len > bodyLength) {
        throw new CaptureFault(at + 8 + p, number, "corrupt interface option " + code + ": length " + len + " past the block");
      }
      if (code == OPTION_IF_TSRESOL && len >= 1) {
        binary = (b[value] & 0x80) != 0;
        resolution = b[value] & 0x7F;
      } else if (code == OPTION_IF_TSOFFSET && len >= 8) {
        long hi = Integer.toUnsignedLong(ByteInput.u32(b, value, bigEndian));
        long lo = Integer.toUnsignedLong(ByteInput.u32(b, value + 4, bigEndian));
        offsetSeconds = bigEndian ? hi << 32 | lo : lo << 32 | hi;
      }
      p = value + ((len + 3) & ~3);
    }
    if (binary ? resolution > 62 : resolution > 18) {
      throw new CaptureFault(at, number, "unsupported timestamp resolution " + (binary ? "2^-" : "10^-") + resolution);
    }
    long units = binary ? 1L << resolution : POWERS_OF_TEN[resolution];
    return new Interface(linkType, units, binary, resolution, offsetSeconds);
  }

  private CaptureFrame enhancedPacket(byte[] b, int o, int bodyLength, long at, long number) throws CaptureFault {
    if (bodyLength < 20) {
      throw new CaptureFault(at, number, "corrupt enhanced packet block: body of " + bodyLength + " bytes");
    }
    long id = Integer.toUnsignedLong(ByteInput.u32(b, o, bigEndian));
    if (id >= interfaces.size()) {
      throw new CaptureFault(at + 8, number, "enhanced packet block names interface " + id
          + ", but only " + interfaces.size() + " described");
    }
    Interface itf = interfaces.get((int) id);
    long hi = Integer.toUnsignedLong(ByteInput.u32(b, o + 4, bigEndian));
    long lo = Integer.toUnsignedLong(ByteInput.u32(b, o + 8, bigEndian));
    long captured = Integer.toUnsignedLong(ByteInput.u32(b, o + 12, bigEndian));
    if (20 + captured > bodyLength) {
      throw new CaptureFault(at + 20, number, "corrupt enhanced packet block: captured length " + captured
          + " past the block");
    }
    long ticks = hi << 32 | lo;
    // ticks are unsigned: at 10^-0 or 2^-0 s a count of 2^63 or more is past any Instant, not before 1970
    long whole = Long.divideUnsigned(ticks, itf.unitsPerSecond());
    long seconds;
    try {
      seconds = whole < 0 ? Long.MAX_VALUE : Math.addExact(whole, itf.offsetSeconds());
    } catch (ArithmeticException e) {
      seconds = Long.MAX_VALUE; // whole is not negative: only a positive offset overflows
    }
    if (seconds < Instant.MIN.getEpochSecond() || seconds > Instant.MAX.getEpochSecond()) {
      throw new CaptureFault(at + 12, number, "timestamp out of range");
    }
    lastSecond = seconds;
    lastNano = (int) nanos(Long.remainderUnsigned(ticks, itf.unitsPerSecond()), itf.binary(), itf.resolution());
    frames = number;
    return frame.set(number, at, lastSecond, lastNano, itf.linkType(), 0, b, o + 20, (int) captured);
  }

  /**
   * The nanoseconds, rounded down, of {@code rest} units of 10^-resolution s (or 2^-resolution when
   * {@code binary}), fewer than a second's: in {@code long} arithmetic, with no object per packet.
   */
  static long nanos(long rest, boolean binary, int resolution) {
    if (!binary) {
      return resolution <= 9 ? rest * POWERS_OF_TEN[9 - resolution] : rest / POWERS_OF_TEN[resolution - 9];
    }
    // rest * 10^9 needs up to 92 bits: its high and low words, shifted right by the resolution (at
    // 2^-0 s rest is 0, and a shift by 64 is one by 0)
    long high = Math.multiplyHigh(rest, 1_000_000_000L);
    long low = rest * 1_000_000_000L;
    return high << (64 - resolution) | low >>> resolution;
  }

  private CaptureFrame simplePacket(byte[] b, int o, int bodyLength, long at, long number) throws CaptureFault {
    if (interfaces.isEmpty()) {
      throw new CaptureFault(at, number, "simple packet block before any interface description");
    }
    if (bodyLength < 4) {
      throw new CaptureFault(at, number, "corrupt simple packet block: body of " + bodyLength + " bytes");
    }
    long original = Integer.toUnsignedLong(ByteInput.u32(b, o, bigEndian));
    int captured = (int) Math.min(original, bodyLength - 4);
    frames = number;
    // a simple packet has no timestamp: it takes the previous frame's
    return frame.set(number, at, lastSecond, lastNano, interfaces.get(0).linkType(), 0, b, o + 4, captured);
  }

  @Override
  public long frames() {
    return frames;
  }
}
