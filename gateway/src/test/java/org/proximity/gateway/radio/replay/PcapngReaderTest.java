package org.proximity.gateway.radio.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * pcapng read in place: timestamps of every resolution the format allows against exact arithmetic,
 * and packets of many sizes across the reader's buffer, in both byte orders.
 */
class PcapngReaderTest {
  private static final int H4 = 201;

  @Test
  void nanos_ofEveryResolution_areExact() {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int resolution = 0; resolution <= 62; resolution++) {
      for (boolean binary : new boolean[] {false, true}) {
        if (!binary && resolution > 18) {
          continue;
        }
        BigInteger units = binary ? BigInteger.ONE.shiftLeft(resolution) : BigInteger.TEN.pow(resolution);
        long u = units.longValueExact();
        List<Long> rests = new ArrayList<>(List.of(0L, u - 1, u / 2, u / 3));
        for (int i = 0; i < 2_000; i++) {
          rests.add(rnd.nextLong(u));
        }
        for (long rest : rests) {
          long expected = BigInteger.valueOf(rest).multiply(BigInteger.valueOf(1_000_000_000L)).divide(units).longValueExact();
          assertEquals(expected, PcapngReader.nanos(rest, binary, resolution),
              (binary ? "2^-" : "10^-") + resolution + ", " + rest + " units");
        }
      }
    }
  }

  @Test
  void packetsAcrossTheBuffer_keepTheirBytesAndTimes_inBothByteOrders() throws Exception {
    for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
      SplittableRandom rnd = new SplittableRandom(order == ByteOrder.BIG_ENDIAN ? 2 : 1);
      ByteArrayOutputStream file = new ByteArrayOutputStream();
      file.writeBytes(sectionHeader(order));
      // interface 0: nanoseconds and an offset of 1,000 s; interface 1: 2^-30 s
      file.writeBytes(interfaceDescription(order, 9, 1_000));
      file.writeBytes(interfaceDescription(order, 0x80 | 30, 0));
      List<byte[]> sent = new ArrayList<>();
      List<long[]> times = new ArrayList<>();
      List<Integer> starts = new ArrayList<>();
      for (int i = 0; i < 3_000; i++) {
        // now and then a block larger than the reader's 64 KB buffer, which it must grow for
        byte[] data = new byte[i % 1_000 == 999 ? 200_000 : rnd.nextInt(1, 400)];
        rnd.nextBytes(data);
        int itf = rnd.nextInt(2);
        long ticks = rnd.nextLong(1L << 62);
        starts.add(file.size());
        file.writeBytes(enhancedPacket(order, itf, ticks, data));
        sent.add(data);
        BigInteger units = itf == 0 ? BigInteger.TEN.pow(9) : BigInteger.ONE.shiftLeft(30);
        BigInteger[] sn = BigInteger.valueOf(ticks).divideAndRemainder(units);
        long second = sn[0].longValueExact() + (itf == 0 ? 1_000 : 0);
        times.add(new long[] {second, sn[1].multiply(BigInteger.valueOf(1_000_000_000L)).divide(units).longValueExact()});
        if (i % 500 == 0) {
          file.writeBytes(block(order, 5, new byte[] {1, 2, 3, 4})); // an interface statistics block: skipped
        }
      }
      byte[] simple = {9, 8, 7};
      file.writeBytes(simplePacket(order, simple));
      CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(file.toByteArray()), CaptureFormat.PCAPNG);
      for (int i = 0; i < sent.size(); i++) {
        CaptureFrame f = reader.next();
        assertEquals(i + 1, f.number());
        assertEquals((long) starts.get(i), f.offset(), order + " frame " + i);
        assertEquals(times.get(i)[0], f.epochSecond(), order + " frame " + i);
        assertEquals(times.get(i)[1], f.nano(), order + " frame " + i);
        assertArrayEquals(sent.get(i), Arrays.copyOfRange(f.data(), f.dataOffset(), f.dataOffset() + f.length()),
            order + " frame " + i);
      }
      CaptureFrame last = reader.next();
      assertArrayEquals(simple, Arrays.copyOfRange(last.data(), last.dataOffset(), last.dataOffset() + last.length()));
      assertEquals(times.get(times.size() - 1)[0], last.epochSecond(), "a simple packet takes the time before it");
      assertEquals(times.get(times.size() - 1)[1], last.nano());
      assertNull(reader.next());
    }
  }

  @Test
  void aTrailingLengthThatDiffers_isAFaultAtThatLength() throws Exception {
    ByteOrder le = ByteOrder.LITTLE_ENDIAN;
    byte[] itf = interfaceDescription(le, 6, 0);
    byte[] packet = enhancedPacket(le, 0, 5, new byte[] {1});
    packet[packet.length - 4]++;
    CaptureReader bad = CaptureReader.open(stream(le, itf, packet), CaptureFormat.PCAPNG);
    CaptureFault e = assertThrows(CaptureFault.class, bad::next);
    assertTrue(e.getMessage().contains("trailing total length differs"), e.getMessage());
    assertEquals(sectionHeader(le).length + itf.length + packet.length - 4, e.offset());
  }

  @Test
  void timestampsOnEitherSideOfInstantsRange() throws Exception {
    long max = Instant.MAX.getEpochSecond();
    long min = Instant.MIN.getEpochSecond();
    assertEquals(max, firstFrame(0, max, 0).epochSecond(), "the last second an Instant holds");
    assertEquals(min, firstFrame(0, min, 0).epochSecond(), "the first");
    assertOutOfRange(0, max, 1);
    assertOutOfRange(0, min - 1, 0);
    assertOutOfRange(0, Long.MAX_VALUE, 5); // the sum overflows
    assertOutOfRange(0, 0, -10); // 2^64 - 10 whole seconds: unsigned, not 10 s before 1970
    assertOutOfRange(0x80, 0, Long.MIN_VALUE); // 2^63 ticks of 2^-0 s
    assertEquals(1L << 32, firstFrame(0x80 | 31, 0, Long.MIN_VALUE).epochSecond(), "2^63 ticks of 2^-31 s");
  }

  private static CaptureFrame firstFrame(int tsresol, long offsetSeconds, long ticks) throws Exception {
    ByteOrder le = ByteOrder.LITTLE_ENDIAN;
    return CaptureReader.open(
        stream(le, interfaceDescription(le, tsresol, offsetSeconds), enhancedPacket(le, 0, ticks, new byte[] {1})),
        CaptureFormat.PCAPNG).next();
  }

  private static void assertOutOfRange(int tsresol, long offsetSeconds, long ticks) {
    CaptureFault f = assertThrows(CaptureFault.class, () -> firstFrame(tsresol, offsetSeconds, ticks),
        "offset " + offsetSeconds + ", ticks " + Long.toUnsignedString(ticks));
    assertTrue(f.getMessage().contains("timestamp out of range"), f.getMessage());
    ByteOrder le = ByteOrder.LITTLE_ENDIAN;
    int packetAt = sectionHeader(le).length + interfaceDescription(le, tsresol, offsetSeconds).length;
    assertEquals(packetAt + 12, f.offset(), "the fault names the timestamp's place");
  }

  private static ByteArrayInputStream stream(ByteOrder order, byte[]... blocks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(sectionHeader(order));
    for (byte[] b : blocks) {
      out.writeBytes(b);
    }
    return new ByteArrayInputStream(out.toByteArray());
  }

  private static byte[] sectionHeader(ByteOrder order) {
    return block(order, PcapngReader.SECTION_HEADER_BLOCK,
        ByteBuffer.allocate(16).order(order).putInt(PcapngReader.BYTE_ORDER_MAGIC).putShort((short) 1).putShort((short) 0)
            .putLong(-1).array());
  }

  private static byte[] interfaceDescription(ByteOrder order, int tsresol, long offsetSeconds) {
    ByteBuffer b = ByteBuffer.allocate(8 + 8 + 12 + 4).order(order);
    b.putShort((short) H4).putShort((short) 0).putInt(0);
    b.putShort((short) PcapngReader.OPTION_IF_TSRESOL).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
    b.putShort((short) PcapngReader.OPTION_IF_TSOFFSET).putShort((short) 8).putLong(offsetSeconds);
    b.putShort((short) PcapngReader.OPTION_END).putShort((short) 0);
    return block(order, PcapngReader.INTERFACE_DESCRIPTION_BLOCK, b.array());
  }

  private static byte[] enhancedPacket(ByteOrder order, int itf, long ticks, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(20 + (data.length + 3) / 4 * 4).order(order);
    b.putInt(itf).putInt((int) (ticks >>> 32)).putInt((int) ticks).putInt(data.length).putInt(data.length).put(data);
    return block(order, PcapngReader.ENHANCED_PACKET_BLOCK, b.array());
  }

  private static byte[] simplePacket(ByteOrder order, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + (data.length + 3) / 4 * 4).order(order);
    b.putInt(data.length).put(data);
    return block(order, PcapngReader.SIMPLE_PACKET_BLOCK, b.array());
  }

  /** Type, total length, body (a multiple of 4 bytes), total length. */
  private static byte[] block(ByteOrder order, int type, byte[] body) {
    int length = 12 + body.length;
    ByteBuffer b = ByteBuffer.allocate(length).order(order);
    if (type == PcapngReader.SECTION_HEADER_BLOCK) {
      b.order(ByteOrder.BIG_ENDIAN).putInt(type).order(order); // the same bytes either way
    } else {
      b.putInt(type);
    }
    return b.putInt(length).put(body).putInt(length).array();
  }
}
