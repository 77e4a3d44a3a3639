package org.proximity.gateway.radio.ll;

import org.proximity.gateway.ad.AdParser;
import org.proximity.gateway.radio.AddressType;
import org.proximity.gateway.radio.BluetoothAddress;
import org.proximity.gateway.radio.ReasonCounts;
import org.proximity.gateway.radio.hci.HciAdvertisingReport;
import org.proximity.gateway.radio.hci.HciReportSink;

/**
 * Decodes frames of link type 256, LINKTYPE_BLUETOOTH_LE_LL_WITH_PHDR (tcpdump.org link-layer
 * header types), into advertising reports. Layout, all little-endian:
 *
 * <pre>
 * RF Channel (1) | Signal Power dBm (1, signed) | Noise Power (1) | Access Address Offenses (1)
 * | Reference Access Address (4) | Flags (2) | LE packet: Access Address (4) | PDU header (2)
 * | payload (header length byte) | CRC (3)
 * </pre>
 *
 * Flags used: 0x0002 Signal Power valid, 0x0400 CRC checked, 0x0800 CRC valid. Advertising PDUs
 * (Core Spec v5.3 Vol 6, Part B, 2.3): header bits 0–3 PDU type, bit 6 TxAdd (1 = random); ADV_IND
 * (0x0), ADV_NONCONN_IND (0x2), SCAN_RSP (0x4) and ADV_SCAN_IND (0x6) carry AdvA (6) then
 * AdvData/ScanRspData (0–31). Advertising access address 0x8E89BED6 (2.1.2). Never throws.
 *
 * <p>CRC: a frame whose flags say "CRC checked" trusts the capturer's verdict (0x0800 CRC valid). A
 * frame whose capturer did not check it (0x0400 clear: HackRF and other SDR sniffers) is checked
 * here with {@link BleCrc24} over the PDU, CRCInit 0x555555 (Vol 6, Part B, 3.1.1): a mismatch is
 * {@link LlFrameOutcome#CRC_MISMATCH}. Only advertising channel PDUs can be checked: other access
 * addresses use a CRCInit from the connection request, which a capture may not hold.
 */
public final class AdvertisingPduDecoder {
  static final int PHDR_LENGTH = 10;
  static final int ADVERTISING_ACCESS_ADDRESS = 0x8E89BED6;
  static final int FLAG_SIGNAL_VALID = 0x0002;
  static final int FLAG_CRC_CHECKED = 0x0400;
  static final int FLAG_CRC_VALID = 0x0800;
  private static final int PDU_ADV_IND = 0x0;
  private static final int PDU_ADV_NONCONN_IND = 0x2;
  private static final int PDU_SCAN_RSP = 0x4;
  private static final int PDU_ADV_SCAN_IND = 0x6;
  private static final int ACCESS_ADDRESS_LENGTH = 4;
  private static final int PDU_HEADER_LENGTH = 2;
  private static final int CRC_LENGTH = 3;
  private static final int ADVA_LENGTH = 6;
  private static final int TX_ADD = 0x40;

  private final ReasonCounts<LlFrameOutcome> outcomes = new ReasonCounts<>(LlFrameOutcome.class);

  /** Decodes one frame {@code buf[off, off + len)}; returns whether a report was delivered. */
  public boolean decode(byte[] buf, int off, int len, HciReportSink out) {
    LlFrameOutcome o = decodeFrame(buf, off, len, out);
    outcomes.add(o);
    return o == LlFrameOutcome.ADVERTISEMENT;
  }

  private static LlFrameOutcome decodeFrame(
      byte[] buf, int off, int len, HciReportSink out) {
    int pdu = off + PHDR_LENGTH + ACCESS_ADDRESS_LENGTH;
    if (len < PHDR_LENGTH + ACCESS_ADDRESS_LENGTH + PDU_HEADER_LENGTH) {
      return LlFrameOutcome.TRUNCATED;
    }
    int flags = u16le(buf, off + 8);
    if ((flags & FLAG_CRC_CHECKED) != 0 && (flags & FLAG_CRC_VALID) == 0) {
      return LlFrameOutcome.CRC_BAD;
    }
    int accessAddress = u16le(buf, off + PHDR_LENGTH) | u16le(buf, off + PHDR_LENGTH + 2) << 16;
    if (accessAddress != ADVERTISING_ACCESS_ADDRESS) {
      return LlFrameOutcome.NOT_ADVERTISING_CHANNEL;
    }
    int header = Byte.toUnsignedInt(buf[pdu]);
    int payloadLength = Byte.toUnsignedInt(buf[pdu + 1]);
    int payload = pdu + PDU_HEADER_LENGTH;
    if (payload + payloadLength + CRC_LENGTH > off + len) {
      return LlFrameOutcome.TRUNCATED;
    }
    if ((flags & FLAG_CRC_CHECKED) == 0
        && !BleCrc24.matches(BleCrc24.ADVERTISING_CRC_INIT, buf, pdu, PDU_HEADER_LENGTH + payloadLength)) {
      return LlFrameOutcome.CRC_MISMATCH;
    }
    int type = header & 0x0F;
    int eventType = switch (type) {
      case PDU_ADV_IND -> HciAdvertisingReport.ADV_IND;
      case PDU_ADV_NONCONN_IND -> HciAdvertisingReport.ADV_NONCONN_IND;
      case PDU_SCAN_RSP -> HciAdvertisingReport.SCAN_RSP;
      case PDU_ADV_SCAN_IND -> HciAdvertisingReport.ADV_SCAN_IND;
      default -> -1;
    };
    if (eventType < 0) {
      return LlFrameOutcome.OTHER_PDU;
    }
    if (payloadLength < ADVA_LENGTH || payloadLength > ADVA_LENGTH + AdParser.LEGACY_MAX_LENGTH) {
      return LlFrameOutcome.BAD_PDU_LENGTH;
    }
    int rssi = (flags & FLAG_SIGNAL_VALID) != 0 ? buf[off + 1] : HciAdvertisingReport.RSSI_UNAVAILABLE;
    out.report(false, eventType, (header & TX_ADD) != 0 ? AddressType.RANDOM : AddressType.PUBLIC,
        BluetoothAddress.valueFromLittleEndian(buf, payload), HciAdvertisingReport.LEGACY_PRIMARY_PHY,
        HciAdvertisingReport.NO_SECONDARY_PHY, HciAdvertisingReport.NO_SID, HciAdvertisingReport.TX_POWER_UNAVAILABLE,
        rssi, buf, payload + ADVA_LENGTH, payloadLength - ADVA_LENGTH);
    return LlFrameOutcome.ADVERTISEMENT;
  }

  private static int u16le(byte[] b, int i) {
    return Byte.toUnsignedInt(b[i]) | Byte.toUnsignedInt(b[i + 1]) << 8;
  }

  /** Frames by outcome since this decoder was made. */
  public ReasonCounts<LlFrameOutcome> outcomes() {
    return outcomes;
  }
}
