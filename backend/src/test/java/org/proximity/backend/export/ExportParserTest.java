package org.proximity.backend.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The protobuf side of export.bin: proto2 defaults, unknown fields, bad lengths, revised keys. */
class ExportParserTest {

  private static byte[] tek(int seed) {
    byte[] b = new byte[16];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] bin(ProtoWriter body) {
    byte[] b = body.toByteArray();
    byte[] out = Arrays.copyOf(ExportParser.HEADER, 16 + b.length);
    System.arraycopy(b, 0, out, 16, b.length);
    return out;
  }

  @Test
  void parse_unknownFieldsOfEveryWireType_skipped() throws Exception {
    ProtoWriter key = new ProtoWriter().bytes(1, tek(1)).int32(2, 6).int32(3, 2_880_000)
        .sint32(6, -3).varint(40, 7).string(41, "future").fixed64(42, 9);
    ProtoWriter body = new ProtoWriter().fixed64(1, 10).fixed64(2, 20).string(3, "VN")
        .varint(99, 1).message(7, key).bytes(100, new byte[] {1, 2, 3});
    byte[] b = bin(body);
    ExportFile e = ExportParser.parseExport(b);
    assertEquals(1, e.keys().size());
    assertEquals(2_880_000, e.keys().get(0).rollingStartIntervalNumber());
    assertEquals(144, e.keys().get(0).rollingPeriod(), "absent rolling_period is 144");
    assertEquals(ReportType.UNKNOWN, e.keys().get(0).reportType());
    assertEquals(10, e.startTimestamp());
    assertEquals("VN", e.region());
  }

  @Test
  void parse_knownFieldWithWrongWireType_refused() {
    byte[] b = bin(new ProtoWriter().varint(1, 10)); // start_timestamp must be fixed64
    ExportException x = assertThrows(ExportException.class, () -> ExportParser.parseExport(b));
    assertTrue(x.getMessage().contains("start_timestamp has wire type 0"), x.getMessage());
  }

  @Test
  void parse_keyBreakingTheRules_refusedNamingTheField() {
    assertRefused(new ProtoWriter().message(7, new ProtoWriter().bytes(1, new byte[15]).int32(3, 1)), "key_data must be 16 bytes");
    assertRefused(new ProtoWriter().message(7, new ProtoWriter().bytes(1, tek(1))), "rolling_start_interval_number are required");
    assertRefused(new ProtoWriter().message(7, new ProtoWriter().bytes(1, tek(1)).int32(3, 5).int32(4, 145)), "rolling_period must be 1 to 144");
    assertRefused(new ProtoWriter().message(7, new ProtoWriter().bytes(1, tek(1)).int32(3, 5).int32(4, 0)), "rolling_period must be 1 to 144");
    assertRefused(new ProtoWriter().message(7, new ProtoWriter().bytes(1, tek(1)).int32(3, -1)), "rolling_start_interval_number must be >= 0");
    assertRefused(new ProtoWriter().message(7, new ProtoWriter().bytes(1, tek(1)).int32(3, 5).int32(5, 9)), "report_type 9");
    assertRefused(new ProtoWriter().varint(4, 1L << 40), "batch_num does not fit int32");
  }

  @Test
  void parse_everyPrefixOfAValidFile_parsesOrRefusesNeverThrowsElse() {
    ProtoWriter body = new ProtoWriter().fixed64(1, 10).fixed64(2, 20).string(3, "VN").int32(4, 1).int32(5, 1)
        .message(6, new ProtoWriter().string(3, "v1").string(4, "452").string(5, SignatureInfo.ECDSA_SHA256_OID));
    for (int i = 0; i < 5; i++) {
      body.message(7, new ProtoWriter().bytes(1, tek(i)).int32(3, 2_880_000).int32(4, 100 + i).int32(5, 1));
    }
    byte[] full = bin(body);
    Random r = new Random(7);
    for (int n = 0; n <= full.length; n++) {
      byte[] prefix = Arrays.copyOf(full, n);
      parseOrRefuse(prefix, "prefix " + n);
      byte[] flipped = full.clone();
      int at = 16 + r.nextInt(full.length - 16);
      flipped[at] = (byte) r.nextInt(256);
      parseOrRefuse(flipped, "byte " + at + " changed");
    }
  }

  @Test
  void varint_longerThanTenBytes_refused() {
    byte[] b = Arrays.copyOf(ExportParser.HEADER, 16 + 12);
    Arrays.fill(b, 16, b.length, (byte) 0xFF);
    ExportException x = assertThrows(ExportException.class, () -> ExportParser.parseExport(b));
    assertTrue(x.getMessage().contains("varint longer than 10 bytes"), x.getMessage());
  }

  @Test
  void keysToMatch_revisedReplacesRevokedLeavesDuplicatesCollapse() {
    DiagnosisKey a = new DiagnosisKey(tek(1), 2_880_000, 144, ReportType.SELF_REPORT);
    DiagnosisKey b = new DiagnosisKey(tek(2), 2_880_000, 144, ReportType.CONFIRMED_TEST);
    DiagnosisKey c = new DiagnosisKey(tek(3), 2_880_000, 144, ReportType.CONFIRMED_TEST);
    DiagnosisKey aConfirmed = new DiagnosisKey(tek(1), 2_880_000, 144, ReportType.CONFIRMED_TEST);
    DiagnosisKey bRevoked = new DiagnosisKey(tek(2), 2_880_000, 144, ReportType.REVOKED);
    DiagnosisKey fromEarlierFile = new DiagnosisKey(tek(4), 2_879_856, 144, ReportType.CONFIRMED_TEST);
    DiagnosisKey earlierRevoked = new DiagnosisKey(tek(5), 2_879_856, 144, ReportType.REVOKED);
    ExportFile e = TestExports.export(List.of(a, b, c, c), List.of(aConfirmed, bRevoked, fromEarlierFile, earlierRevoked));
    assertEquals(List.of(aConfirmed, c, fromEarlierFile), e.keysToMatch(), "a revised in place, b revoked, c once");
  }

  @Test
  void diagnosisKey_toString_neverShowsTheKey() {
    DiagnosisKey k = DiagnosisKey.ofDay(tek(1), 2_880_000);
    assertTrue(!k.toString().contains(k.keyHex()), k.toString());
  }

  private static void parseOrRefuse(byte[] b, String what) {
    try {
      ExportParser.parseExport(b);
    } catch (ExportException expected) {
      // refused with a reason
    } catch (RuntimeException e) {
      fail(what + ": " + e);
    }
  }

  private static void assertRefused(ProtoWriter body, String part) {
    ExportException x = assertThrows(ExportException.class, () -> ExportParser.parseExport(bin(body)));
    assertTrue(x.getMessage().contains(part), "expected \"" + part + "\" in: " + x.getMessage());
  }
}
