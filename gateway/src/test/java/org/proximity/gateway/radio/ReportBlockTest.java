package org.proximity.gateway.radio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReportBlockTest {
  private static final Instant T = Instant.parse("2026-12-04T10:00:00.123456789Z");

  /** Legacy reports of every length (0 to 31) and extended ones of up to 1650 bytes: the slab grows past its start. */
  private static List<Advertisement> reports(int n, long seed) {
    Random random = new Random(seed);
    List<Advertisement> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean extended = i % 17 == 5;
      byte[] data = new byte[extended ? 1 + random.nextInt(1650) : i % 32];
      random.nextBytes(data);
      out.add(new Advertisement(T.plusNanos(random.nextInt(1_000_000_000)).plusSeconds(i),
          new BluetoothAddress(random.nextLong() & 0xFFFF_FFFF_FFFFL), AddressType.values()[i % AddressType.values().length],
          -127 + random.nextInt(148), data, extended));
    }
    return out;
  }

  @Test
  void holdsEveryFieldOfAFullBlock_andGivesTheSameAdvertisementsBack() {
    List<Advertisement> in = reports(ReportBlock.CAPACITY, 1);
    ReportBlock block = new ReportBlock();
    in.forEach(block::add);
    assertTrue(block.isFull());
    for (int i = 0; i < in.size(); i++) {
      Advertisement a = in.get(i);
      assertEquals(a, block.advertisement(i), "report " + i);
      assertEquals(a.receivedAt().getEpochSecond(), block.epochSecond(i));
      assertEquals(a.receivedAt().getNano(), block.nano(i));
      assertEquals(a.address().value(), block.address(i));
      assertEquals(a.addressType(), block.addressType(i));
      assertEquals(a.rssi(), block.rssi(i));
      assertEquals(a.extended(), block.extended(i));
      int from = block.dataOffset(i);
      assertArrayEquals(a.data(), Arrays.copyOfRange(block.data(), from, from + block.dataLength(i)), "report " + i);
    }
  }

  @Test
  void refusesAReportWhenFull_andAnIndexPastItsSize() {
    ReportBlock block = new ReportBlock();
    List<Advertisement> in = reports(ReportBlock.CAPACITY + 1, 2);
    in.subList(0, 3).forEach(block::add);
    assertThrows(IndexOutOfBoundsException.class, () -> block.address(3));
    assertThrows(IndexOutOfBoundsException.class, () -> block.dataLength(-1));
    in.subList(3, ReportBlock.CAPACITY).forEach(block::add);
    IllegalStateException full = assertThrows(IllegalStateException.class, () -> block.add(in.get(ReportBlock.CAPACITY)));
    assertEquals("the block is full", full.getMessage());
    byte[] data = new byte[4];
    ReportBlock other = new ReportBlock();
    assertThrows(IndexOutOfBoundsException.class,
        () -> other.add(0, 0, AddressType.PUBLIC, 1, -50, data, 2, 3, false), "data past the source array");
    assertTrue(other.isEmpty());
  }

  @Test
  void release_emptiesTheBlock_andReturnsItToItsPool() {
    ReportBlock.Pool pool = new ReportBlock.Pool();
    ReportBlock first = pool.take();
    ReportBlock second = pool.take();
    assertNotSame(first, second);
    reports(40, 3).forEach(first::add);
    first.release();
    assertTrue(first.isEmpty());
    assertEquals(1, pool.free());
    ReportBlock again = pool.take();
    assertSame(first, again);
    assertEquals(0, pool.free());
    Advertisement a = reports(1, 4).get(0);
    again.add(a);
    assertEquals(a, again.advertisement(0), "a reused block starts its data at 0");

    IllegalStateException twice = assertThrows(IllegalStateException.class, () -> {
      ReportBlock b = pool.take();
      b.release();
      b.release();
    });
    assertEquals("the block was released already", twice.getMessage());
    assertEquals(1, pool.free(), "the pool holds it once");

    ReportBlock alone = new ReportBlock();
    alone.add(a);
    alone.release();
    assertTrue(alone.isEmpty());
  }

  @Test
  void defaultSink_takesTheReportsOneByOne_thenReleasesTheBlock() {
    ReportBlock.Pool pool = new ReportBlock.Pool();
    ReportBlock block = pool.take();
    List<Advertisement> in = reports(100, 5);
    in.forEach(block::add);
    List<Advertisement> out = new ArrayList<>();
    AdvertisementSink sink = out::add;
    sink.acceptBlock(block);
    assertEquals(in, out);
    assertEquals(1, pool.free());
  }

  @Test
  void toString_printsNeitherAddressesNorData() {
    ReportBlock block = new ReportBlock();
    byte[] data = HexFormat.of().parseHex("02010617166ffd" + "a1".repeat(20));
    block.add(new Advertisement(T, new BluetoothAddress(0xA1A2A3A4A5A6L), AddressType.RANDOM, -60, data));
    String s = block.toString();
    assertEquals("ReportBlock[size=1]", s);
    assertFalse(s.toLowerCase().contains("a1"));
  }
}
