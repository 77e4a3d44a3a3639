package org.proximity.gateway.radio.replay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test captures: the real files under src/test/resources/captures and btsnoop files built from them. */
final class Captures {
  static final Path DIR = Path.of(System.getProperty("testdata.dir", "src/test/resources"), "captures");
  static final Path ANU = DIR.resolve("anu2020-gaen-real-phone.pcap");
  static final Path SHORT = DIR.resolve("boston2025-hackrf-short.pcap");
  static final Path ADV37 = DIR.resolve("boston2025-hackrf-adv37.pcap");
  static final Path ALL_ADV = DIR.resolve("boston2025-hackrf-all-adv.pcapng");

  /** The RPIs of the five ANU frames, as btmon printed them (anu2020-gaen-btmon-excerpt.txt). */
  static final List<String> ANU_RPIS = List.of(
      "12ec68a558f69b3e332d303c222d6574",
      "338bc312462ad8cceac945f41bcfe451",
      "338bc312462ad8cceac945f41bcfe451",
      "159dcfb44a2d58e72f9a6abbf047242b",
      "159dcfb44a2d58e72f9a6abbf047242b");

  private Captures() {}

  static byte[] bytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The ANU frames as (time, H4 packet) pairs, read independently of the readers under test. */
  record H4Frame(Instant time, byte[] h4) {}

  static List<H4Frame> anuH4Frames() {
    ByteBuffer b = ByteBuffer.wrap(bytes(ANU)).order(ByteOrder.LITTLE_ENDIAN);
    b.position(24);
    List<H4Frame> out = new ArrayList<>();
    while (b.remaining() >= 16) {
      long sec = Integer.toUnsignedLong(b.getInt());
      long usec = Integer.toUnsignedLong(b.getInt());
      int len = b.getInt();
      b.getInt();
      byte[] d = new byte[len];
      b.get(d);
      out.add(new H4Frame(Instant.ofEpochSecond(sec, usec * 1000),
          Arrays.copyOfRange(d, 4, d.length))); // drop the direction pseudo-header
    }
    return out;
  }

  /** A btsnoop file of the ANU frames with the given datalink (1001, 1002 or 2001). */
  static byte[] anuBtsnoop(int datalink) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer h = ByteBuffer.allocate(16);
    h.put("btsnoop\0".getBytes(StandardCharsets.ISO_8859_1)).putInt(1).putInt(datalink);
    out.writeBytes(h.array());
    for (H4Frame f : anuH4Frames()) {
      byte[] data = datalink == 1002 ? f.h4() : Arrays.copyOfRange(f.h4(), 1, f.h4().length);
      int flags = switch (datalink) {
        case 1001 -> 3; // received, command/event
        case 2001 -> 3; // index 0, opcode 3 = event
        default -> 1; // received
      };
      long micros = f.time().getEpochSecond() * 1_000_000L + f.time().getNano() / 1000 + 0x00E03AB44A676000L;
      ByteBuffer r = ByteBuffer.allocate(24);
      r.putInt(data.length).putInt(data.length).putInt(flags).putInt(0).putLong(micros);
      out.writeBytes(r.array());
      out.writeBytes(data);
    }
    // one command packet (HCI_LE_Set_Scan_Enable), sent: must be skipped, not counted as an advert
    byte[] cmd = datalink == 1002 ? new byte[] {1, 0x0c, 0x20, 2, 1, 0} : new byte[] {0x0c, 0x20, 2, 1, 0};
    ByteBuffer r = ByteBuffer.allocate(24);
    r.putInt(cmd.length).putInt(cmd.length).putInt(datalink == 1002 ? 0 : 2).putInt(0).putLong(0x00E03AB44A676000L);
    out.writeBytes(r.array());
    out.writeBytes(cmd);
    return out.toByteArray();
  }
}
