package org.proximity.gateway.radio.replay;

import org.proximity.gateway.radio.ReasonCounts;
import org.proximity.gateway.radio.hci.HciEventParser;
import org.proximity.gateway.radio.hci.HciReportSink;
import org.proximity.gateway.radio.ll.AdvertisingPduDecoder;

/**
 * Turns captured frames into advertising reports (Decoder role, docs/architecture.md#codec-roles). Unwraps each link
 * type down to an HCI event (then {@link HciEventParser}) or an LE link-layer frame (then {@link
 * AdvertisingPduDecoder}). Never throws on frame content; everything skipped is counted.
 */
public final class FrameDecoder {
  /** H4 packet type of an HCI event (Core Spec v5.3 Vol 4, Part A, 2). */
  static final int H4_EVENT = 0x04;
  /** btsnoop H1 flags: bit 0 received, bit 1 command or event; both set = an event. */
  static final int H1_RECEIVED_EVENT = 0x03;
  /** btsnoop monitor opcode of an event packet (BlueZ src/shared/btsnoop.h BTSNOOP_OPCODE_EVENT_PKT). */
  static final int MONITOR_EVENT = 0x0003;
  /** LINKTYPE_BLUETOOTH_HCI_H4_WITH_PHDR: a 4-byte big-endian direction before the H4 packet. */
  static final int H4_PHDR_LENGTH = 4;

  private final HciEventParser hci = new HciEventParser();
  private final AdvertisingPduDecoder ll = new AdvertisingPduDecoder();
  private final ReasonCounts<FrameSkip> skips = new ReasonCounts<>(FrameSkip.class);
  /** Delivers the frame's reports to {@code out}, each its fields with no object made; returns how many. */
  public int decode(CaptureFrame frame, HciReportSink out) {
    byte[] d = frame.data();
    int from = frame.dataOffset();
    int end = from + frame.length();
    return switch (frame.linkType()) {
      case LE_LL_WITH_PHDR -> ll.decode(d, from, end - from, out) ? 1 : 0;
      case HCI_H4_WITH_PHDR -> h4(d, from + H4_PHDR_LENGTH, end, out);
      case BTSNOOP_H4 -> h4(d, from, end, out);
      case BTSNOOP_H1 -> (frame.flags() & H1_RECEIVED_EVENT) == H1_RECEIVED_EVENT
          ? event(d, from, end, out) : skip(FrameSkip.NOT_AN_EVENT);
      case BTSNOOP_MONITOR -> (frame.flags() & 0xFFFF) == MONITOR_EVENT
          ? event(d, from, end, out) : skip(FrameSkip.NOT_AN_EVENT);
    };
  }

  /** The frame's bytes {@code d[at .. end)} as an H4 packet. */
  private int h4(byte[] d, int at, int end, HciReportSink out) {
    if (end <= at) {
      return skip(FrameSkip.SHORT_FRAME);
    }
    return d[at] == H4_EVENT ? event(d, at + 1, end, out) : skip(FrameSkip.NOT_AN_EVENT);
  }

  private int event(byte[] d, int at, int end, HciReportSink out) {
    int n = hci.parseEvent(d, at, end - at, out);
    return n > 0 ? n : skip(FrameSkip.NO_REPORT);
  }

  private int skip(FrameSkip reason) {
    skips.add(reason);
    return 0;
  }

  public HciEventParser hci() {
    return hci;
  }

  public AdvertisingPduDecoder linkLayer() {
    return ll;
  }

  public ReasonCounts<FrameSkip> skips() {
    return skips;
  }
}
