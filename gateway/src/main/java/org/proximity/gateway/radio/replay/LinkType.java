package org.proximity.gateway.radio.replay;

/** How a captured frame's bytes are laid out; decides how {@link FrameDecoder} reads it. */
public enum LinkType {
  /** btsnoop datalink 1001, "Un-encapsulated HCI (H1)": no type byte, the record flags say what it is. */
  BTSNOOP_H1,
  /** btsnoop datalink 1002, "HCI UART (H4)": an H4 packet-type byte, then the packet (Android). */
  BTSNOOP_H4,
  /** btsnoop datalink 2001, Linux monitor (btmon -w): the record flags hold index and opcode. */
  BTSNOOP_MONITOR,
  /** pcap/pcapng LINKTYPE_BLUETOOTH_HCI_H4_WITH_PHDR (201): 4-byte direction, H4 type byte, packet. */
  HCI_H4_WITH_PHDR,
  /** pcap/pcapng LINKTYPE_BLUETOOTH_LE_LL_WITH_PHDR (256): over-the-air LE link-layer frames. */
  LE_LL_WITH_PHDR;

  /** For pcap and pcapng link-type numbers (tcpdump.org); null if not supported. */
  static LinkType fromPcap(int linkType) {
    return switch (linkType) {
      case 201 -> HCI_H4_WITH_PHDR;
      case 256 -> LE_LL_WITH_PHDR;
      default -> null;
    };
  }
}
