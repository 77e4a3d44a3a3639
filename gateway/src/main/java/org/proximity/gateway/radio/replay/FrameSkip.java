package org.proximity.gateway.radio.replay;

/** Why an HCI frame gave no report (LE link-layer frames are counted by the PDU decoder). */
public enum FrameSkip {
  /** Commands, ACL/SCO/ISO data, monitor notes: not an HCI event. */
  NOT_AN_EVENT("not_an_event"),
  /** An HCI event other than an advertising report, or one whose reports were all malformed. */
  NO_REPORT("no_report"),
  /** Shorter than its pseudo-header or packet-type byte. */
  SHORT_FRAME("short_frame");

  private final String wireName;

  FrameSkip(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
