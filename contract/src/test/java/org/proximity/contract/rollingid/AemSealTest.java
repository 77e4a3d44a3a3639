package org.proximity.contract.rollingid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sealed AEM of encounters/2; the vectors are those of docs/privacy.md, "The sealed AEM". */
class AemSealTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final SiteRootKey ROOT =
      SiteRootKey.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  // RPI 0 and AEM 0 of the official GAEN v1.2 vectors
  private static final byte[] RPI = HEX.parseHex("8be6cd371c5c891604bfbe49df845096");
  private static final byte[] AEM = HEX.parseHex("72033874");

  @ParameterizedTest(name = "d={0}")
  @CsvSource({"0, b99063bf", "20000, 5c6b5cee"})
  void sealAem_privacyDocVector_matches(long day, String sealed) {
    assertEquals(sealed, HEX.formatHex(ROOT.dayKey(day).hasher().sealAem(RPI, AEM)));
  }

  @Test
  void sealAem_appliedTwice_givesTheAemBack() {
    RecordIdHasher h = ROOT.dayKey(20000).hasher();
    assertArrayEquals(AEM, h.sealAem(RPI, h.sealAem(RPI, AEM)));
  }

  @Test
  void sealAem_otherDayOrOtherRpi_givesAnotherValue() {
    byte[] sealed = ROOT.dayKey(20000).hasher().sealAem(RPI, AEM);
    assertNotEquals(HEX.formatHex(sealed), HEX.formatHex(ROOT.dayKey(20001).hasher().sealAem(RPI, AEM)));
    byte[] otherRpi = RPI.clone();
    otherRpi[15] ^= 1;
    assertNotEquals(HEX.formatHex(sealed), HEX.formatHex(ROOT.dayKey(20000).hasher().sealAem(otherRpi, AEM)));
  }

  @Test
  void sealAem_interleavedWithRecordIds_doesNotDisturbThem() {
    RecordIdHasher h = ROOT.dayKey(20000).hasher();
    String before = HEX.formatHex(h.recordId(RecordIdHasher.GAEN, RPI));
    h.sealAem(RPI, AEM);
    assertEquals(before, HEX.formatHex(h.recordId(RecordIdHasher.GAEN, RPI)));
  }

  @Test
  void sealAem_wrongLengths_areRefused() {
    RecordIdHasher h = ROOT.dayKey(0).hasher();
    assertThrows(IllegalArgumentException.class, () -> h.sealAem(new byte[15], AEM));
    assertThrows(IllegalArgumentException.class, () -> h.sealAem(RPI, new byte[5]));
  }
}
