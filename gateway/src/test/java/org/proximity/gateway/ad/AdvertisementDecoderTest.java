package org.proximity.gateway.ad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdvertisementDecoderTest {

  private static final String FLAGS = "02 01 1a ";
  private static final String GAEN_UUIDS = "03 03 6ffd ";
  private static final String BZ_UUIDS = "03 03 564e ";
  private static final String BZ_ID = "0102030405060708090a0b0c";
  /** 00004E56-73F5-4BC4-A12F-17D1AD07A667 little-endian, written out by hand. */
  private static final String BZ_IOS_UUID = "67a607add1172fa1c44bf573564e0000";
  /** B82AB3FC-1595-4F6A-80F0-FE094CC218F9 little-endian, written out by hand. */
  private static final String BT_UUID = "f918c24c09fef0806a4f9515fcb32ab8";

  private final AdvertisementDecoder decoder = new AdvertisementDecoder();

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  private DecodedAdvertisement decode(String s) {
    return decoder.decode(hex(s));
  }

  private static void assertKind(DeviceKind kind, RejectReason reject, DecodedAdvertisement d) {
    assertEquals(kind, d.kind(), d::toString);
    assertNull(d.rollingId(), "rollingId");
    assertNull(d.metadata(), "metadata");
    assertEquals(reject, d.reject(), d::toString);
  }

  @Test
  void decode_realGaenWithoutFlags_givesRpiAndAem() {
    List<byte[]> payloads = AnuCaptures.gaenPayloads();
    assertEquals(3, payloads.size());
    DecodedAdvertisement d = decoder.decode(payloads.get(0));
    assertEquals(DeviceKind.GAEN, d.kind());
    assertArrayEquals(hex("12ec68a558f69b3e332d303c222d6574"), d.rollingId());
    assertArrayEquals(hex("f666f99a"), d.metadata());
    assertNull(d.fault());
    assertNull(d.reject());
  }

  @Test
  void decode_realGaenWithFlags_givesRpiAndAem() {
    for (byte[] payload : AnuCaptures.gaenPayloads()) {
      byte[] withFlags = new byte[3 + payload.length];
      System.arraycopy(hex(FLAGS), 0, withFlags, 0, 3);
      System.arraycopy(payload, 0, withFlags, 3, payload.length);
      DecodedAdvertisement d = decoder.decode(withFlags);
      assertEquals(DeviceKind.GAEN, d.kind());
      assertArrayEquals(Arrays.copyOfRange(payload, 8, 24), d.rollingId());
      assertArrayEquals(Arrays.copyOfRange(payload, 24, 28), d.metadata());
    }
  }

  @Test
  void decode_gaenServiceDataBeforeUuidList_stillGaen() {
    DecodedAdvertisement d = decode("17 16 6ffd" + "11".repeat(16) + "22".repeat(4) + GAEN_UUIDS);
    assertEquals(DeviceKind.GAEN, d.kind());
    assertArrayEquals(hex("11".repeat(16)), d.rollingId());
  }

  @Test
  void decode_gaenServiceDataOneByteShort_rejectedAsOther() {
    assertKind(DeviceKind.OTHER, RejectReason.GAEN_LENGTH,
        decode(GAEN_UUIDS + "16 16 6ffd" + "11".repeat(19)));
  }

  @Test
  void decode_gaenServiceDataOneByteLong_rejectedAsOther() {
    assertKind(DeviceKind.OTHER, RejectReason.GAEN_LENGTH,
        decode(GAEN_UUIDS + "18 16 6ffd" + "11".repeat(21)));
  }

  @Test
  void decode_serviceDataOtherUuid_otherWithoutReject() {
    assertKind(DeviceKind.OTHER, null, decode("17 16 6ffe" + "11".repeat(20)));
  }

  @Test
  void decode_bluezoneAndroid_givesTwelveByteId() {
    DecodedAdvertisement d = decode("02 01 06 " + BZ_UUIDS + "0f ff b522" + BZ_ID);
    assertEquals(DeviceKind.BLUEZONE, d.kind());
    assertArrayEquals(hex(BZ_ID), d.rollingId());
    assertNull(d.metadata());
    assertNull(d.reject());
  }

  @Test
  void decode_bluezoneUuidInIncompleteListAmongOthers_givesId() {
    DecodedAdvertisement d = decode("0f ff b522" + BZ_ID + "05 02 0f18 564e");
    assertEquals(DeviceKind.BLUEZONE, d.kind());
    assertArrayEquals(hex(BZ_ID), d.rollingId());
  }

  @Test
  void decode_bluezoneIdElevenBytes_rejectedAsOther() {
    assertKind(DeviceKind.OTHER, RejectReason.BLUEZONE_LENGTH,
        decode(BZ_UUIDS + "0e ff b522" + BZ_ID.substring(2)));
  }

  @Test
  void decode_bluezoneIdThirteenBytes_rejectedAsOther() {
    assertKind(DeviceKind.OTHER, RejectReason.BLUEZONE_LENGTH,
        decode(BZ_UUIDS + "10 ff b522" + BZ_ID + "0d"));
  }

  @Test
  void decode_bluezoneWrongCompany_other() {
    assertKind(DeviceKind.OTHER, null, decode(BZ_UUIDS + "0f ff 22b5" + BZ_ID));
  }

  @Test
  void decode_bluezoneWithoutUuid_other() {
    assertKind(DeviceKind.OTHER, null, decode("02 01 06 03 03 6ffe 0f ff b522" + BZ_ID));
  }

  @Test
  void decode_bluezoneIos128BitUuid_bluezoneIos() {
    assertKind(DeviceKind.BLUEZONE_IOS, null, decode("02 01 06 11 07" + BZ_IOS_UUID));
    assertKind(DeviceKind.BLUEZONE_IOS, null, decode("11 06" + BZ_IOS_UUID));
  }

  @Test
  void decode_bluezoneIosUuidByteOrderReversed_other() {
    assertKind(DeviceKind.OTHER, null, decode("11 07 00004e5673f54bc4a12f17d1ad07a667"));
  }

  @Test
  void decode_bluezoneIosLocalName_bluezoneIos() {
    assertKind(DeviceKind.BLUEZONE_IOS, null, decode("09 09 426c75657a6f6e65")); // "Bluezone"
    assertKind(DeviceKind.BLUEZONE_IOS, null, decode("09 08 426c75657a6f6e65"));
    assertKind(DeviceKind.OTHER, null, decode("0a 09 426c75657a6f6e6531")); // "Bluezone1"
  }

  @Test
  void decode_appleOverflowBit08_bluezoneIos() {
    String bitmask = "08" + "00".repeat(15);
    assertKind(DeviceKind.BLUEZONE_IOS, null, decode("14 ff 4c00 01" + bitmask));
    assertKind(DeviceKind.BLUEZONE_IOS, null, decode("14 ff 4c00 01 8a" + "00".repeat(15)));
  }

  @Test
  void decode_appleOverflowWithoutBit08_apple() {
    assertKind(DeviceKind.APPLE, null, decode("14 ff 4c00 01 f7" + "ff".repeat(15)));
    assertKind(DeviceKind.APPLE, null, decode("03 ff 4c00")); // no bytes after the company
    assertKind(DeviceKind.APPLE, null, decode("04 ff 4c00 01")); // no bitmask byte
  }

  @Test
  void decode_bluetraceCompany_bluetrace() {
    assertKind(DeviceKind.BLUETRACE, null, decode("02 01 06 06 ff ff03 414243"));
  }

  @Test
  void decode_bluetraceUuid_bluetrace() {
    assertKind(DeviceKind.BLUETRACE, null, decode("02 01 06 11 07" + BT_UUID + "02 0a 07"));
  }

  @Test
  void decode_appleNearbyInfo_apple() {
    assertKind(DeviceKind.APPLE, null, decode("02 01 1a 0a ff 4c00 1005 0b1c 6a5f 3b"));
  }

  @Test
  void decode_iBeacon_apple() {
    // Flags, then Apple iBeacon: type 02, length 15, proximity UUID, major, minor, measured power
    assertKind(DeviceKind.APPLE, null,
        decode("02 01 06 1a ff 4c00 02 15 " + "e2c56db5dffb48d2b060d0f5a71096e0" + "0001 0002 c5"));
  }

  @Test
  void decode_emptyAndFlagsOnly_other() {
    assertKind(DeviceKind.OTHER, null, decode(""));
    assertKind(DeviceKind.OTHER, null, decode("02 01 06"));
  }

  @Test
  void decode_gaenThenOverrun_gaenWithFault() {
    DecodedAdvertisement d = decoder.decode(concat(AnuCaptures.gaenPayloads().get(1), hex("05ff")));
    assertEquals(DeviceKind.GAEN, d.kind());
    assertEquals(new AdFault(28, AdFault.Reason.LENGTH_PAST_END), d.fault());
  }

  @Test
  void decode_truncatedGaen_otherWithFault() {
    byte[] p = AnuCaptures.gaenPayloads().get(1);
    DecodedAdvertisement d = decoder.decode(Arrays.copyOf(p, p.length - 1));
    assertKind(DeviceKind.OTHER, null, d);
    assertEquals(new AdFault(4, AdFault.Reason.LENGTH_PAST_END), d.fault());
  }

  @Test
  void decode_extendedParse_keepsNoFault() {
    byte[] p = concat(AnuCaptures.gaenPayloads().get(2), hex("06 ff ff03 414243"));
    assertEquals(new AdFault(31, AdFault.Reason.TOO_LONG), decoder.decode(p).fault());
    DecodedAdvertisement d = decoder.decode(AdParser.parseExtended(p));
    assertEquals(DeviceKind.GAEN, d.kind());
    assertNull(d.fault());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
