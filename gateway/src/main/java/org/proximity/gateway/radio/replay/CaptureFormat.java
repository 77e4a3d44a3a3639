package org.proximity.gateway.radio.replay;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** The capture file formats a {@link CaptureReader} can frame. */
public enum CaptureFormat {
  /** btsnoop, as written by {@code btmon -w} and Android's HCI snoop log. */
  BTSNOOP("btsnoop"),
  /** libpcap. */
  PCAP("pcap"),
  /** pcapng. */
  PCAPNG("pcapng");

  private final String wireName;

  CaptureFormat(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** From a file name's extension ({@code .btsnoop}, {@code .snoop}, {@code .log}, {@code .cfa}, {@code .pcap}, {@code .cap}, {@code .pcapng}). */
  public static Optional<CaptureFormat> fromFileName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".pcapng")) {
      return Optional.of(PCAPNG);
    }
    if (n.endsWith(".pcap") || n.endsWith(".cap")) {
      return Optional.of(PCAP);
    }
    if (n.endsWith(".btsnoop") || n.endsWith(".snoop") || n.endsWith(".cfa")
        || n.endsWith("btsnoop_hci.log")) {
      return Optional.of(BTSNOOP);
    }
    return Optional.empty();
  }

  /** From the first bytes of a file (magic numbers), if they say. */
  public static Optional<CaptureFormat> sniff(byte[] head, int length) {
    if (length >= 8 && new String(head, 0, 8, StandardCharsets.ISO_8859_1)
        .equals("btsnoop\0")) {
      return Optional.of(BTSNOOP);
    }
    if (length >= 4) {
      int be = (head[0] & 0xFF) << 24 | (head[1] & 0xFF) << 16 | (head[2] & 0xFF) << 8 | head[3] & 0xFF;
      if (be == PcapngReader.SECTION_HEADER_BLOCK) {
        return Optional.of(PCAPNG);
      }
      int le = Integer.reverseBytes(be);
      for (int magic : new int[] {PcapReader.MAGIC_MICROS, PcapReader.MAGIC_NANOS}) {
        if (be == magic || le == magic) {
          return Optional.of(PCAP);
        }
      }
    }
    return Optional.empty();
  }

  /** Parses the {@code --format} value. */
  public static Optional<CaptureFormat> fromWireName(String s) {
    for (CaptureFormat f : values()) {
      if (f.wireName.equalsIgnoreCase(s)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
