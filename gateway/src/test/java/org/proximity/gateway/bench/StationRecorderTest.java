package org.proximity.gateway.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.proximity.gateway.radio.AddressType;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.BluetoothAddress;
import org.proximity.gateway.radio.simulator.SimulationConfig;
import org.proximity.gateway.radio.simulator.StationSimulator;
import org.proximity.gateway.radio.simulator.StationSimulator.GroundTruth;

class StationRecorderTest {
  private static final Instant START = Instant.parse("2026-12-03T07:00:00Z");

  @Test
  void chunksPlayTheSimulatorsStream_whileTheirArraysAreReused() {
    SimulationConfig config = SimulationConfig.defaults(7, START).withDevices(40, 10).withEnd(START.plusSeconds(180));
    List<String> expected = new ArrayList<>();
    StationSimulator simulator = new StationSimulator(config, GroundTruth.FORGET);
    for (Optional<Advertisement> a = simulator.next(); a.isPresent(); a = simulator.next()) {
      expected.add(describe(a.get()));
    }
    StationRecorder recorder = new StationRecorder(config, List.of());
    List<String> played = new ArrayList<>();
    Chunk first = null;
    int chunks = 0;
    for (Chunk c = recorder.next(START.plusSeconds(3600), 997); c != null; c = recorder.next(START.plusSeconds(3600), 997)) {
      first = first == null ? c : first;
      assertTrue(c == first, "one chunk, refilled");
      for (int i = 0; i < c.size(); i++) {
        played.add(describe(c.advertisement(i)));
      }
      chunks++;
      if (recorder.reached()) {
        break;
      }
    }
    assertTrue(chunks > 10, "many chunks: " + chunks);
    for (int i = 0; i < Math.min(expected.size(), played.size()); i++) {
      assertEquals(expected.get(i), played.get(i), "report " + i);
    }
    assertEquals(expected.size(), played.size());
  }

  @Test
  void aClockStepBack_startsANewChunk_withoutLosingTheReportAtTheStep() {
    SimulationConfig config = SimulationConfig.defaults(3, START).withDevices(40, 10).withEnd(START.plusSeconds(300));
    Instant stepAt = START.plusSeconds(150);
    List<String> expected = new ArrayList<>();
    StationSimulator simulator = new StationSimulator(config, GroundTruth.FORGET);
    for (Optional<Advertisement> o = simulator.next(); o.isPresent(); o = simulator.next()) {
      Advertisement a = o.get();
      Instant at = a.receivedAt().isBefore(stepAt) ? a.receivedAt() : a.receivedAt().minusSeconds(120);
      expected.add(describe(new Advertisement(at, a.address(), a.addressType(), a.rssi(), a.dataUnsafe())));
    }
    StationRecorder recorder = new StationRecorder(config, List.of());
    recorder.clockStep(stepAt, Duration.ofSeconds(-120));
    List<String> played = new ArrayList<>();
    for (Chunk c = recorder.next(START.plusSeconds(3600), 1000); c != null; c = recorder.next(START.plusSeconds(3600), 1000)) {
      for (int i = 0; i < c.size(); i++) {
        played.add(describe(c.advertisement(i)));
      }
      if (recorder.reached()) {
        break;
      }
    }
    for (int i = 0; i < Math.min(expected.size(), played.size()); i++) {
      assertEquals(expected.get(i), played.get(i), "report " + i);
    }
    assertEquals(expected.size(), played.size());
  }

  @Test
  void aReportBuiltFromTheChunk_isAFreshCopy() {
    Chunk c = new Chunk(4);
    byte[] data = {2, 1, 6};
    c.baseSecond(START.getEpochSecond());
    c.add(1_500_000, new BluetoothAddress(0xC0FFEE123456L), AddressType.RANDOM, data, -70);
    byte[] full = new byte[31];
    full[30] = 0x7F;
    c.add(2_000_001, new BluetoothAddress(0xFFFFFFFFFFFFL), AddressType.PUBLIC, full, 20);
    data[2] = 0;
    Advertisement a = c.advertisement(0);
    Advertisement b = c.advertisement(1);
    assertEquals(START.plusMillis(1500), a.receivedAt());
    assertEquals(START.plusSeconds(2).plusNanos(1000), b.receivedAt());
    assertEquals(0xC0FFEE123456L, a.address().value());
    assertEquals(0xFFFFFFFFFFFFL, b.address().value());
    assertEquals(AddressType.RANDOM, a.addressType());
    assertEquals(AddressType.PUBLIC, b.addressType());
    assertEquals(-70, a.rssi());
    assertEquals(20, b.rssi());
    assertEquals("020106", HexFormat.of().formatHex(a.dataUnsafe()));
    assertEquals(HexFormat.of().formatHex(full), HexFormat.of().formatHex(b.dataUnsafe()));
    assertTrue(b.dataUnsafe() != full);
    assertEquals(START.plusSeconds(2).plusNanos(1000), c.end());
    assertTrue(!c.isFull());
    c.add(0, new BluetoothAddress(1), AddressType.PUBLIC, new byte[0], -127);
    c.add(Chunk.MAX_SPAN_SECONDS * 1_000_000 - 1, new BluetoothAddress(2), AddressType.PUBLIC, new byte[0], 127);
    assertTrue(c.isFull());
    assertEquals(START.plusSeconds(Chunk.MAX_SPAN_SECONDS).minusNanos(1000), c.end());
    assertEquals(0, c.advertisement(2).dataUnsafe().length);
    assertEquals(-127, c.advertisement(2).rssi());
    assertEquals(127, c.advertisement(3).rssi());
  }

  @Test
  void dataLongerThanLegacy_orTimeOutsideTheSpan_isRefused() {
    Chunk c = new Chunk(1);
    BluetoothAddress address = new BluetoothAddress(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> c.add(0, address, AddressType.PUBLIC, new byte[32], 0));
    assertTrue(e.getMessage().contains("31 bytes, was 32"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> c.add(-1, address, AddressType.PUBLIC, new byte[1], 0));
    assertThrows(IllegalArgumentException.class,
        () -> c.add(Chunk.MAX_SPAN_SECONDS * 1_000_000, address, AddressType.PUBLIC, new byte[1], 0));
    assertEquals(0, c.size());
    assertThrows(IllegalArgumentException.class, () -> new Chunk(Chunk.MAX_REPORTS + 1));
  }

  @Test
  void aChunkClearedForAnotherSize_holdsExactlyThatMany() {
    Chunk c = new Chunk(2);
    BluetoothAddress address = new BluetoothAddress(7);
    c.clear(4);
    for (int i = 0; i < 4; i++) {
      assertTrue(!c.isFull());
      c.add(i, address, AddressType.RANDOM, new byte[] {(byte) i}, -60);
    }
    assertTrue(c.isFull());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> c.add(5, address, AddressType.RANDOM, new byte[1], -60));
    assertTrue(e.getMessage().contains("full"), e.getMessage());
    c.clear(1);
    assertEquals(Chunk.STRIDE, c.bytes());
    c.add(0, address, AddressType.RANDOM, new byte[] {9}, -60);
    assertTrue(c.isFull());
    assertEquals(9, c.advertisement(0).dataUnsafe()[0]);
  }

  @Test
  void anEmptyStation_givesNoChunk() {
    SimulationConfig config = SimulationConfig.defaults(7, START).withDevices(1, 0).withEnd(START.plus(Duration.ofSeconds(1)));
    StationRecorder recorder = new StationRecorder(config, List.of());
    Chunk c = recorder.next(START.plusSeconds(60), 1000);
    while (c != null && !recorder.reached()) {
      c = recorder.next(START.plusSeconds(60), 1000);
    }
    assertNull(recorder.next(START.plusSeconds(120), 1000));
  }

  /** Time to the microsecond (what a chunk keeps), address, type, RSSI and data. */
  private static String describe(Advertisement a) {
    Instant at = a.receivedAt();
    return at.getEpochSecond() + "." + at.getNano() / 1000 + " " + Long.toHexString(a.address().value()) + " " + a.addressType()
        + " " + a.rssi() + " " + HexFormat.of().formatHex(a.dataUnsafe());
  }
}
