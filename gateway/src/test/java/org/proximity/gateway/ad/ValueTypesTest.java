package org.proximity.gateway.ad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

  private static final String RPI = "12ec68a558f69b3e332d303c222d6574";
  private static final String AEM = "f666f99a";

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  private static DecodedAdvertisement gaen() {
    return new DecodedAdvertisement(DeviceKind.GAEN, hex(RPI), hex(AEM), null, null);
  }

  @Test
  void adStructure_sameContent_equalAndSameHash() {
    assertEquals(new AdStructure(3, 0xFF, hex("4c00")), new AdStructure(3, 0xFF, hex("4c00")));
    assertEquals(new AdStructure(3, 0xFF, hex("4c00")).hashCode(),
        new AdStructure(3, 0xFF, hex("4c00")).hashCode());
    assertNotEquals(new AdStructure(3, 0xFF, hex("4c00")), new AdStructure(3, 0xFF, hex("4c01")));
  }

  @Test
  void adStructure_typeOutOfRange_throws() {
    assertThrows(IllegalArgumentException.class, () -> new AdStructure(0, 256, new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> new AdStructure(-1, 1, new byte[0]));
  }

  @Test
  void adStructure_toString_hidesData() {
    String s = new AdStructure(4, 0x16, hex("6ffd" + RPI + AEM)).toString();
    assertFalse(s.contains(RPI), s);
    assertTrue(s.contains("dataLength=22"), s);
  }

  @Test
  void decodedAdvertisement_toString_neverPrintsRollingIdOrAem() {
    String s = gaen().toString();
    assertFalse(s.toLowerCase().contains(RPI.substring(0, 8)), s);
    assertFalse(s.toLowerCase().contains(AEM), s);
    assertTrue(s.contains("kind=gaen"), s);
  }

  @Test
  void decodedAdvertisement_arrays_copiedInAndOut() {
    byte[] id = hex(RPI);
    DecodedAdvertisement d = new DecodedAdvertisement(DeviceKind.GAEN, id, hex(AEM), null, null);
    id[0] = 0;
    d.rollingId()[1] = 0;
    d.metadata()[0] = 0;
    assertArrayEquals(hex(RPI), d.rollingId());
    assertArrayEquals(hex(AEM), d.metadata());
    assertEquals(gaen(), d);
    assertEquals(gaen().hashCode(), d.hashCode());
  }

  @Test
  void decodedAdvertisement_idOnWrongKindOrLength_throws() {
    assertThrows(IllegalArgumentException.class,
        () -> new DecodedAdvertisement(DeviceKind.OTHER, hex(RPI), null, null, null));
    assertThrows(IllegalArgumentException.class,
        () -> new DecodedAdvertisement(DeviceKind.BLUEZONE, hex(RPI), null, null, null));
    assertThrows(IllegalArgumentException.class,
        () -> new DecodedAdvertisement(DeviceKind.GAEN, hex(RPI), null, null, null));
  }

  @Test
  void deviceKind_wireNames_areStable() {
    StringBuilder names = new StringBuilder();
    for (DeviceKind k : DeviceKind.values()) {
      names.append(k.wireName()).append(' ');
    }
    assertEquals("gaen bluezone bluezone_ios bluetrace apple other ", names.toString());
  }
}
