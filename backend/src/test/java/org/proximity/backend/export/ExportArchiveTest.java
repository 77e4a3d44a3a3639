package org.proximity.backend.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Exports signed by the tests and Google's real sample: what is accepted, and every way to be refused. */
class ExportArchiveTest {
  private static final KeyPair AUTHORITY = TestExports.signingKey();

  private static DiagnosisKey key(int seed, int rsin, int period, ReportType type) {
    byte[] tek = new byte[16];
    new Random(seed).nextBytes(tek);
    return new DiagnosisKey(tek, rsin, period, type);
  }

  private static final List<DiagnosisKey> KEYS = List.of(
      key(1, 2_880_000, 144, ReportType.CONFIRMED_TEST),
      key(2, 2_880_144, 144, ReportType.UNKNOWN),
      key(3, 2_880_144, 72, ReportType.SELF_REPORT));

  @Test
  void read_signedByTheTests_roundTripsEveryField() throws Exception {
    ExportFile e = TestExports.export(KEYS, List.of(key(4, 2_879_856, 144, ReportType.RECURSIVE)));
    ExportFile back = ExportArchive.read(ExportWriter.write(e, AUTHORITY.getPrivate()), AUTHORITY.getPublic());
    assertEquals(e, back);
    assertEquals(72, back.keys().get(2).rollingPeriod());
    assertEquals(144, back.keys().get(0).rollingPeriod());
  }

  @Test
  void read_googleSample_verifiesWithItsPublishedKeyAndHolds140Keys() throws Exception {
    PublicKey google = PemKeys.parsePublicKey(TestExports.resourceText("test-310-v1.pub.pem"));
    ExportFile e = ExportArchive.read(TestExports.resource("sample_diagnosis_key_file.zip"), google);
    assertEquals(140, e.keys().size());
    assertEquals("US", e.region());
    assertEquals(new SignatureInfo("v1", "310", SignatureInfo.ECDSA_SHA256_OID), e.signatureInfos().get(0));
    assertTrue(e.keys().stream().allMatch(k -> k.rollingPeriod() == 144), "rolling_period absent means 144");
    assertEquals(140, e.keysToMatch().size());
    // signed by Google, not by us
    ExportException x = assertThrows(ExportException.class,
        () -> ExportArchive.read(TestExports.resource("sample_diagnosis_key_file.zip"), AUTHORITY.getPublic()));
    assertTrue(x.getMessage().contains("no signature in export.sig verifies"), x.getMessage());
  }

  @Test
  void read_signedByAnotherKey_refused() {
    byte[] zip = ExportWriter.write(TestExports.export(KEYS, List.of()), TestExports.signingKey().getPrivate());
    ExportException x = assertThrows(ExportException.class, () -> ExportArchive.read(zip, AUTHORITY.getPublic()));
    assertTrue(x.getMessage().startsWith("no signature in export.sig verifies export.bin"), x.getMessage());
  }

  @Test
  void read_aBitOfEveryByteOfExportBinFlipped_refusedBySignature() throws Exception {
    ExportFile e = TestExports.export(KEYS, List.of());
    byte[] bin = ExportWriter.exportBin(e);
    byte[] sig = ExportWriter.signatureList(e.signatureInfos().get(0), e, ExportWriter.sign(bin, AUTHORITY.getPrivate()));
    for (int at = 0; at < bin.length; at++) { // every byte, a different bit each (every bit costs seconds)
      int bit = 8 * at + at % 8;
      byte[] tampered = bin.clone();
      tampered[at] ^= (byte) (1 << (at % 8));
      byte[] zip = ExportWriter.zip(tampered, sig);
      assertThrows(ExportException.class, () -> ExportArchive.read(zip, AUTHORITY.getPublic()), "bit " + bit);
    }
    ExportArchive.read(ExportWriter.zip(bin, sig), AUTHORITY.getPublic()); // untouched: accepted
  }

  @Test
  void read_signatureBitsFlippedOrSignatureCut_refused() {
    ExportFile e = TestExports.export(KEYS, List.of());
    byte[] bin = ExportWriter.exportBin(e);
    byte[] der = ExportWriter.sign(bin, AUTHORITY.getPrivate());
    for (int i = 0; i < der.length; i++) {
      byte[] bad = der.clone();
      bad[i] ^= 0x01;
      byte[] zip = ExportWriter.zip(bin, ExportWriter.signatureList(e.signatureInfos().get(0), e, bad));
      assertThrows(ExportException.class, () -> ExportArchive.read(zip, AUTHORITY.getPublic()), "byte " + i);
    }
    byte[] cut = ExportWriter.zip(bin, ExportWriter.signatureList(e.signatureInfos().get(0), e, Arrays.copyOf(der, 20)));
    assertThrows(ExportException.class, () -> ExportArchive.read(cut, AUTHORITY.getPublic()));
    byte[] otherAlgorithm = ExportWriter.zip(bin, ExportWriter.signatureList(
        new SignatureInfo("v1", "452", "1.2.840.10045.4.3.4"), e, der));
    ExportException x = assertThrows(ExportException.class, () -> ExportArchive.read(otherAlgorithm, AUTHORITY.getPublic()));
    assertTrue(x.getMessage().contains("1.2.840.10045.4.3.2"), x.getMessage());
  }

  @Test
  void read_zipTruncatedAtEveryLength_refusedWithExportExceptionOnly() {
    byte[] zip = ExportWriter.write(TestExports.export(KEYS, List.of()), AUTHORITY.getPrivate());
    for (int n = 0; n < zip.length; n++) {
      byte[] cut = Arrays.copyOf(zip, n);
      try {
        ExportArchive.read(cut, AUTHORITY.getPublic());
        fail("truncated to " + n + " of " + zip.length + " bytes, but accepted");
      } catch (ExportException expected) {
        // refused, as it must be
      } catch (RuntimeException other) {
        fail("truncated to " + n + " bytes: " + other);
      }
    }
  }

  @Test
  void read_missingEntryOrNotAZip_refusedNamingIt() {
    ExportFile e = TestExports.export(KEYS, List.of());
    byte[] bin = ExportWriter.exportBin(e);
    byte[] sig = ExportWriter.signatureList(e.signatureInfos().get(0), e, ExportWriter.sign(bin, AUTHORITY.getPrivate()));
    assertMessage("export.sig holds no signature", ExportWriter.zip(bin, new byte[0]));
    assertMessage("not a zip archive", "hello".getBytes());
    assertMessage("not a zip archive", bin);
    byte[] headless = Arrays.copyOfRange(bin, 16, bin.length);
    assertMessage("does not start with the header", ExportWriter.zip(headless,
        ExportWriter.signatureList(e.signatureInfos().get(0), e, ExportWriter.sign(headless, AUTHORITY.getPrivate()))));
    assertMessage("no signature in export.sig verifies", ExportWriter.zip(Arrays.copyOf(bin, bin.length - 1), sig));
    byte[] wrongHeader = bin.clone();
    wrongHeader[11] = '2'; // "EK Export v2"
    assertMessage("does not start with the header", ExportWriter.zip(wrongHeader,
        ExportWriter.signatureList(e.signatureInfos().get(0), e, ExportWriter.sign(wrongHeader, AUTHORITY.getPrivate()))));
  }

  @Test
  void read_signedButMalformedProtobuf_refusedAfterTheSignatureChecks() {
    ExportFile e = TestExports.export(KEYS, List.of());
    byte[] bin = ExportWriter.exportBin(e);
    // a key whose length prefix runs past the end, signed: the signature is fine, the content is not
    byte[] broken = Arrays.copyOf(bin, bin.length - 5);
    byte[] zip = ExportWriter.zip(broken,
        ExportWriter.signatureList(e.signatureInfos().get(0), e, ExportWriter.sign(broken, AUTHORITY.getPrivate())));
    assertMessage("malformed TemporaryExposureKeyExport", zip);
  }

  @Test
  void pem_wrongCurveOrNotPem_refused() throws Exception {
    assertThrows(ExportException.class, () -> PemKeys.parsePublicKey("no key here"));
    assertThrows(ExportException.class, () -> PemKeys.parsePublicKey("-----BEGIN PUBLIC KEY-----\n!!\n-----END PUBLIC KEY-----"));
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp384r1"));
    String p384 = PemKeys.toPem(g.generateKeyPair().getPublic());
    ExportException x = assertThrows(ExportException.class, () -> PemKeys.parsePublicKey(p384));
    assertTrue(x.getMessage().contains("P-256"), x.getMessage());
    assertArrayEquals(AUTHORITY.getPublic().getEncoded(),
        PemKeys.parsePublicKey(PemKeys.toPem(AUTHORITY.getPublic())).getEncoded());
  }

  private static void assertMessage(String part, byte[] zip) {
    ExportException x = assertThrows(ExportException.class, () -> ExportArchive.read(zip, AUTHORITY.getPublic()));
    assertTrue(x.getMessage().contains(part), "expected \"" + part + "\" in: " + x.getMessage());
  }
}
