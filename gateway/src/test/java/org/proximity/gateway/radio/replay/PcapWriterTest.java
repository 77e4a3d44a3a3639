package org.proximity.gateway.radio.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.proximity.gateway.radio.AddressType;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.BluetoothAddress;
import org.proximity.gateway.radio.hci.HciAdvertisingReport;
import org.proximity.gateway.radio.hci.HciEventEncoder;
import org.proximity.gateway.radio.hci.HciEventParser;
import org.proximity.gateway.radio.simulator.SimulationConfig;
import org.proximity.gateway.radio.simulator.StationSimulator;

class PcapWriterTest {
  private static final Instant START = Instant.parse("2024-10-04T10:00:00Z");

  @Test
  void writeReport_oneGaenReport_bytesAreTheLinkType201Layout() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PcapWriter w = new PcapWriter(out)) {
      w.writeReport(Instant.parse("2024-10-04T10:00:01.000002999Z"), HciAdvertisingReport.legacy(
          HciAdvertisingReport.ADV_NONCONN_IND, AddressType.RANDOM,
          BluetoothAddress.parse("5A:11:22:33:44:55"), -70, new byte[] {0x02, 0x01, 0x1A}));
    }
    String expected = ""
        + "d4c3b2a1" + "0200" + "0400" + "00000000" + "00000000" + "ffff0000" + "c9000000" // header, LE
        + "a1bcff66" + "02000000" + "16000000" + "16000000" // 1728036001 s, 2 µs (rounded down), 22 bytes twice
        + "00000001" // direction: received (big-endian)
        + "04" // H4 packet type: event
        + "3e" + "0f" // LE Meta event, 15 parameter bytes
        + "02" + "01" // LE Advertising Report, one report
        + "03" + "01" // ADV_NONCONN_IND, random address
        + "5544332211" + "5a" // address, least significant byte first
        + "03" + "02011a" // data length, data
        + "ba"; // RSSI -70
    assertEquals(expected, HexFormat.of().formatHex(out.toByteArray()));
  }

  @Test
  void legacyAdvertisingReport_parsedBack_sameReport() {
    HciAdvertisingReport r = HciAdvertisingReport.legacy(HciAdvertisingReport.ADV_IND, AddressType.PUBLIC,
        new BluetoothAddress(0x0123_4567_89ABL), -101, new byte[31]);
    byte[] event = HciEventEncoder.legacyAdvertisingReport(r);
    List<HciAdvertisingReport> back = new ArrayList<>();
    assertEquals(1, new HciEventParser().parseEvent(event, 0, event.length, back::add));
    assertEquals(List.of(r), back);
  }

  @Test
  void legacyAdvertisingReport_unencodable_throwsNamingTheRule() {
    BluetoothAddress a = new BluetoothAddress(1);
    assertThrows(IllegalArgumentException.class, () -> HciEventEncoder.legacyAdvertisingReport(
        HciAdvertisingReport.legacy(0, AddressType.PUBLIC, a, -50, new byte[32])));
    assertThrows(IllegalArgumentException.class, () -> HciEventEncoder.legacyAdvertisingReport(
        HciAdvertisingReport.legacy(0, AddressType.PUBLIC, a, 200, new byte[3])));
    assertThrows(IllegalArgumentException.class, () -> HciEventEncoder.legacyAdvertisingReport(
        HciAdvertisingReport.legacy(0, AddressType.UNKNOWN, a, -50, new byte[3])));
    assertThrows(IllegalArgumentException.class, () -> HciEventEncoder.legacyAdvertisingReport(
        new HciAdvertisingReport(true, 0x10, AddressType.PUBLIC, a, 1, 0, 0, 127, -50, new byte[3])));
  }

  @Test
  void writeEvent_before1970_throws() throws Exception {
    try (PcapWriter w = new PcapWriter(new ByteArrayOutputStream())) {
      assertThrows(IllegalArgumentException.class, () -> w.writeEvent(Instant.parse("1969-12-31T23:59:59Z"), new byte[2]));
    }
  }

  @Test
  void simulatedStation_writtenThenRead_sameAdvertisementsAtMicrosecondPrecision() throws Exception {
    SimulationConfig config = SimulationConfig.defaults(7, START).withDevices(15, 10)
        .withEnd(START.plusSeconds(180));
    StationSimulator sim = new StationSimulator(config);
    List<Advertisement> written = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PcapWriter w = new PcapWriter(out)) {
      Optional<Advertisement> a;
      while ((a = sim.next()).isPresent()) {
        Advertisement ad = a.get();
        written.add(new Advertisement(ad.receivedAt().truncatedTo(ChronoUnit.MICROS), ad.address(),
            ad.addressType(), ad.rssi(), ad.data()));
        w.writeReport(ad.receivedAt(), HciAdvertisingReport.legacy(
            HciAdvertisingReport.ADV_IND, ad.addressType(), ad.address(), ad.rssi(), ad.data()));
      }
      assertEquals(written.size(), w.frames());
    }
    assertTrue(written.size() > 1000, "a busy station: " + written.size());
    byte[] file = out.toByteArray();
    assertEquals(Optional.of(CaptureFormat.PCAP), CaptureFormat.sniff(file, file.length));
    List<Advertisement> read = new ArrayList<>();
    CaptureReplay replay = CaptureReplay.of(new ByteArrayInputStream(file), CaptureFormat.PCAP);
    replay.run(read::add);
    assertEquals(written, read);
    assertEquals(written.size(), replay.frames());
    assertTrue(replay.skippedByReason().isEmpty(), replay.skippedByReason().toString());
    assertArrayEquals(new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1}, Arrays.copyOf(file, 4));
  }
}
