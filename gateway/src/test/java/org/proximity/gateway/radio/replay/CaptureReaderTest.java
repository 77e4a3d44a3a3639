package org.proximity.gateway.radio.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.proximity.gateway.ad.AdvertisementDecoder;
import org.proximity.gateway.ad.DecodedAdvertisement;
import org.proximity.gateway.ad.DeviceKind;
import org.proximity.gateway.radio.AddressType;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.BluetoothAddress;

class CaptureReaderTest {
  private static final HexFormat HEX = HexFormat.of();

  private record Result(CaptureReplay replay, List<Advertisement> ads) {}

  private static Result replay(byte[] file, CaptureFormat format) throws IOException, CaptureFault {
    List<Advertisement> ads = new ArrayList<>();
    CaptureReplay r = CaptureReplay.of(new ByteArrayInputStream(file), format);
    r.run(ads::add);
    return new Result(r, ads);
  }

  private static Result replay(Path file, CaptureFormat format) throws IOException, CaptureFault {
    return replay(Captures.bytes(file), format);
  }

  private static List<String> rpis(List<Advertisement> ads) {
    AdvertisementDecoder decoder = new AdvertisementDecoder();
    List<String> out = new ArrayList<>();
    for (Advertisement a : ads) {
      DecodedAdvertisement d = decoder.decode(a.data());
      assertEquals(DeviceKind.GAEN, d.kind());
      out.add(HEX.formatHex(d.rollingId()));
    }
    return out;
  }

  @Test
  void pcap_anuGaenCapture_fiveGaenAdvertisementsWithBtmonRpis() throws Exception {
    Result r = replay(Captures.ANU, CaptureFormat.PCAP);
    assertEquals(5, r.replay().frames());
    assertEquals(5, r.replay().advertisements());
    assertEquals(Captures.ANU_RPIS, rpis(r.ads()));
    Advertisement first = r.ads().get(0);
    assertEquals(Instant.parse("1970-01-01T00:56:05.683786Z"), first.receivedAt());
    assertEquals(BluetoothAddress.parse("59:5E:F9:C1:23:8F"), first.address());
    assertEquals(AddressType.RANDOM, first.addressType());
    assertEquals(-71, first.rssi());
    assertEquals(List.of(-71, -86, -85, -75, -75), r.ads().stream().map(Advertisement::rssi).toList());
  }

  @Test
  void pcap_bostonShort_countsMatchIndependentWalk() throws Exception {
    Result r = replay(Captures.SHORT, CaptureFormat.PCAP);
    assertEquals(239, r.replay().frames());
    // the HackRF sniffer does not check CRCs (flags 0x0001): 34 advertising PDUs fail CRC-24 here
    assertEquals(81, r.replay().advertisements());
    assertEquals(Instant.parse("2025-08-03T23:36:50.854964Z"), r.ads().get(0).receivedAt());
    assertEquals(120L, r.replay().skippedByReason().get("not_advertising_channel"));
    assertEquals(34L, r.replay().skippedByReason().get("crc_mismatch"));
    assertEquals(4L, r.replay().skippedByReason().get("other_pdu"));
  }

  @Test
  void pcap_bostonAdv37_countsMatchIndependentWalk() throws Exception {
    Result r = replay(Captures.ADV37, CaptureFormat.PCAP);
    assertEquals(382, r.replay().frames());
    assertEquals(127, r.replay().advertisements());
    assertEquals(55L, r.replay().skippedByReason().get("not_advertising_channel"));
    assertEquals(77L, r.replay().skippedByReason().get("crc_mismatch"));
    assertEquals(123L, r.replay().skippedByReason().get("other_pdu"));
  }

  @Test
  void pcapng_bostonAllAdv_countsAndFirstTimestamp() throws Exception {
    Result r = replay(Captures.ALL_ADV, CaptureFormat.PCAPNG);
    assertEquals(221, r.replay().frames());
    assertEquals(170, r.replay().advertisements());
    assertEquals(21L, r.replay().skippedByReason().get("crc_mismatch"));
    assertEquals(Instant.parse("2025-08-04T01:11:48.885715Z"), r.ads().get(0).receivedAt());
  }

  /** Hands out at most a few bytes per read, and now and then none: how a pipe or a slow disk may. */
  private static final class TricklingStream extends FilterInputStream {
    private int call;

    TricklingStream(byte[] file) {
      super(new ByteArrayInputStream(file));
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      call++;
      return call % 5 == 0 ? 0 : super.read(b, off, Math.min(len, call % 7 + 1));
    }
  }

  @Test
  void everyFormat_readInTrickles_andPastTheReadersBuffer_givesTheSameReports() throws Exception {
    byte[] pcapng = Captures.bytes(Captures.ALL_ADV);
    // five sections one after the other (a valid pcapng file of 86 KB): records cross the reader's 64 KB buffer
    ByteArrayOutputStream five = new ByteArrayOutputStream();
    for (int i = 0; i < 5; i++) {
      five.write(pcapng);
    }
    Result once = replay(pcapng, CaptureFormat.PCAPNG);
    Result fiveTimes = replay(five.toByteArray(), CaptureFormat.PCAPNG);
    assertEquals(5 * once.ads().size(), fiveTimes.ads().size());
    for (int i = 0; i < fiveTimes.ads().size(); i++) {
      Advertisement a = fiveTimes.ads().get(i);
      Advertisement b = once.ads().get(i % once.ads().size());
      assertEquals(b.receivedAt(), a.receivedAt());
      assertEquals(b.address(), a.address());
      assertArrayEquals(b.data(), a.data(), "report " + i);
    }
    List<byte[]> files = List.of(Captures.bytes(Captures.SHORT), pcapng, five.toByteArray(), Captures.anuBtsnoop(1002));
    List<CaptureFormat> formats = List.of(CaptureFormat.PCAP, CaptureFormat.PCAPNG, CaptureFormat.PCAPNG,
        CaptureFormat.BTSNOOP);
    for (int f = 0; f < files.size(); f++) {
      Result whole = replay(files.get(f), formats.get(f));
      List<Advertisement> trickled = new ArrayList<>();
      CaptureReplay r = CaptureReplay.of(new TricklingStream(files.get(f)), formats.get(f));
      r.run(trickled::add);
      assertEquals(whole.replay().frames(), r.frames(), "file " + f);
      assertEquals(whole.ads().size(), trickled.size(), "file " + f);
      for (int i = 0; i < trickled.size(); i++) {
        assertEquals(whole.ads().get(i).receivedAt(), trickled.get(i).receivedAt());
        assertArrayEquals(whole.ads().get(i).data(), trickled.get(i).data(), "file " + f + " report " + i);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1001, 1002, 2001})
  void btsnoop_anuFramesInEachDatalink_fiveGaenAdvertisementsCommandSkipped(int datalink) throws Exception {
    Result r = replay(Captures.anuBtsnoop(datalink), CaptureFormat.BTSNOOP);
    assertEquals(6, r.replay().frames());
    assertEquals(Captures.ANU_RPIS, rpis(r.ads()));
    assertEquals(Instant.parse("1970-01-01T00:56:05.683786Z"), r.ads().get(0).receivedAt());
    assertEquals(1L, r.replay().skippedByReason().get("not_an_event"));
  }

  @Test
  void pcap_truncatedInThirdFrame_twoAdvertisementsThenFaultSayingWhere() {
    byte[] file = Captures.bytes(Captures.ANU);
    // header 24, each record 16 + 47: frame 3 starts at 24 + 2 * 63 = 150
    byte[] cut = Arrays.copyOf(file, 150 + 16 + 10);
    List<Advertisement> ads = new ArrayList<>();
    CaptureReplay r = CaptureReplay.of(new ByteArrayInputStream(cut), CaptureFormat.PCAP);
    CaptureFault f = assertThrows(CaptureFault.class, () -> r.run(ads::add));
    assertEquals(2, ads.size());
    assertEquals(3, f.frame());
    assertEquals(166, f.offset());
    assertTrue(f.getMessage().startsWith("frame 3 at byte 166: truncated record data"), f.getMessage());
  }

  @Test
  void pcapng_truncatedBlock_faultAfterEarlierFrames() {
    byte[] file = Captures.bytes(Captures.ALL_ADV);
    byte[] cut = Arrays.copyOf(file, file.length - 30);
    List<Advertisement> ads = new ArrayList<>();
    CaptureReplay r = CaptureReplay.of(new ByteArrayInputStream(cut), CaptureFormat.PCAPNG);
    CaptureFault f = assertThrows(CaptureFault.class, () -> r.run(ads::add));
    assertEquals(221, f.frame());
    assertTrue(ads.size() >= 169, "delivered " + ads.size()); // 170 in the whole file, the last frame cut
  }

  @Test
  void btsnoop_truncatedRecordHeader_faultAtFrameAndOffset() {
    byte[] file = Captures.anuBtsnoop(1002);
    byte[] cut = Arrays.copyOf(file, 16 + 24 + 43 + 5);
    List<Advertisement> ads = new ArrayList<>();
    CaptureReplay r = CaptureReplay.of(new ByteArrayInputStream(cut), CaptureFormat.BTSNOOP);
    CaptureFault f = assertThrows(CaptureFault.class, () -> r.run(ads::add));
    assertEquals(1, ads.size());
    assertEquals("frame 2 at byte 83: truncated record header: needs 24 bytes, only 5 left", f.getMessage());
  }

  @Test
  void pcap_wrongMagicOrLinkType_headerFault() {
    CaptureFault magic = assertThrows(CaptureFault.class,
        () -> replay(Captures.anuBtsnoop(1002), CaptureFormat.PCAP));
    assertTrue(magic.getMessage().startsWith("file header at byte 0: not a pcap file"), magic.getMessage());
    byte[] file = Captures.bytes(Captures.ANU);
    file[20] = 1; // Ethernet
    CaptureFault link = assertThrows(CaptureFault.class, () -> replay(file, CaptureFormat.PCAP));
    assertTrue(link.getMessage().contains("unsupported link type 1"), link.getMessage());
  }

  @Test
  void leLinkLayer_crcMarkedBad_countedAndSkipped() throws Exception {
    byte[] frame = HEX.parseHex("25c5000000000000" + "0300" // flags 0x0003: dewhitened, signal valid
        + "d6be898e" + "4209" + "a1a2a3a4a5a6" + "020106" + "031a5c"); // CRC-24 of the PDU, init 0x555555
    byte[] bad = frame.clone();
    bad[8] = 0x03;
    bad[9] = 0x04; // CRC checked, not valid
    byte[] good = frame.clone();
    good[9] = 0x0c; // CRC checked and valid
    Result r = replay(pcap256(frame, bad, good), CaptureFormat.PCAP);
    assertEquals(3, r.replay().frames());
    assertEquals(2, r.replay().advertisements());
    assertEquals(1L, r.replay().skippedByReason().get("crc_bad"));
    Advertisement a = r.ads().get(0);
    assertEquals(-59, a.rssi());
    assertEquals(AddressType.RANDOM, a.addressType());
    assertEquals(new BluetoothAddress(0xa6a5a4a3a2a1L), a.address());
    assertEquals("020106", HEX.formatHex(a.data()));
  }

  @Test
  void leLinkLayer_crcNotChecked_verifiedHereMismatchCountedAndSkipped() throws Exception {
    byte[] good = HEX.parseHex("25c5000000000000" + "0300"
        + "d6be898e" + "4209" + "a1a2a3a4a5a6" + "020106" + "031a5c");
    byte[] flipped = good.clone();
    flipped[24] ^= 0x01; // one bit of AdvData flipped on air: the CRC no longer matches
    byte[] badCrc = good.clone();
    badCrc[27] ^= (byte) 0x80;
    Result r = replay(pcap256(good, flipped, badCrc), CaptureFormat.PCAP);
    assertEquals(3, r.replay().frames());
    assertEquals(1, r.replay().advertisements());
    assertEquals(2L, r.replay().skippedByReason().get("crc_mismatch"));
    assertEquals("020106", HEX.formatHex(r.ads().get(0).data()));
  }

  @Test
  void sniff_realFiles_recogniseTheirFormat() {
    assertEquals(CaptureFormat.PCAP, CaptureFormat.sniff(Captures.bytes(Captures.ANU), 24).orElseThrow());
    assertEquals(CaptureFormat.PCAPNG, CaptureFormat.sniff(Captures.bytes(Captures.ALL_ADV), 24).orElseThrow());
    assertEquals(CaptureFormat.BTSNOOP, CaptureFormat.sniff(Captures.anuBtsnoop(2001), 24).orElseThrow());
    assertTrue(CaptureFormat.sniff(new byte[] {1, 2, 3, 4}, 4).isEmpty());
  }

  /** A little-endian pcap of link type 256 holding {@code frames}, one second apart. */
  static byte[] pcap256(byte[]... frames) {
    ByteBuffer b = ByteBuffer.allocate(24 + Arrays.stream(frames).mapToInt(f -> 16 + f.length).sum())
        .order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(256);
    int t = 1_700_000_000;
    for (byte[] f : frames) {
      b.putInt(t++).putInt(0).putInt(f.length).putInt(f.length).put(f);
    }
    return b.array();
  }
}
