package org.proximity.gateway.radio.ll;

/** What became of one over-the-air frame; each has a stable wire name for summaries. */
public enum LlFrameOutcome {
  /** An ADV_IND, ADV_NONCONN_IND, ADV_SCAN_IND or SCAN_RSP that became a report. */
  ADVERTISEMENT("advertisement"),
  /** The pseudo-header flags say the CRC was checked and failed. */
  CRC_BAD("crc_bad"),
  /**
   * The capturer did not check the CRC, and the CRC-24 computed here (Core Spec v5.3 Vol 6, Part B,
   * 3.1.1) does not match the frame's: a bit error on air. Advertising channel PDUs only.
   */
  CRC_MISMATCH("crc_mismatch"),
  /** Not the advertising access address 0x8E89BED6: a data-channel packet or noise. */
  NOT_ADVERTISING_CHANNEL("not_advertising_channel"),
  /** An advertising-channel PDU that carries no AdvData (SCAN_REQ, CONNECT_IND, ADV_DIRECT_IND, ADV_EXT_IND…). */
  OTHER_PDU("other_pdu"),
  /** Shorter than its pseudo-header, access address, PDU header, length field or CRC say. */
  TRUNCATED("ll_truncated"),
  /** A PDU whose payload is too short for AdvA or too long for legacy AdvData. */
  BAD_PDU_LENGTH("ll_bad_pdu_length");

  private final String wireName;

  LlFrameOutcome(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
