package org.proximity.contract.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.proximity.contract.payload.PayloadException.Reason;

/** The decoder is the codec's inverse, and refuses with a reason whatever the codec never writes. */
class BatchDecoderTest {
  private static final Instant T0 = Instant.parse("2024-10-04T10:00:00Z");
  private static final EncounterBatch BATCH = new EncounterBatch(
      new TimeBucket(T0, BucketWidth.DEFAULT), "5f560cb5",
      List.of(
          new EncounterRecord("0123456789abcdef0123456789abcdef", "gaen", T0.plusSeconds(5), T0.plusSeconds(600), 40,
              new RssiSummary(-90, -70, -60), "5c6b5cee"),
          new EncounterRecord("fedcba9876543210fedcba9876543210", "bluezone", T0.plusSeconds(60), T0.plusSeconds(1799), 7,
              new RssiSummary(-80, -80, -80), null)),
      new BucketCounts(Map.of("gaen", 40L, "bluezone", 7L), Map.of("gaen", 1, "bluezone", 1), 0, 0, 0, 1, 2, 3),
      true, new ClockState(true, "chrony"));
  private static final BatchCodec.Envelope ENV = new BatchCodec.Envelope("site-a", "bay-1", "0a0b0c0d", 7, 0, 1);

  private static String encoded() {
    return new String(new BatchCodec().encode(ENV, BATCH, 0, 2), StandardCharsets.UTF_8);
  }

  @Test
  void decode_whatTheCodecWrites_givesTheSameBatchBack() throws Exception {
    EncounterMessage m = BatchDecoder.decode(encoded().getBytes(StandardCharsets.UTF_8));
    assertEquals(ENV, m.envelope());
    assertEquals("site-a/bay-1/0a0b0c0d/7", m.batchId());
    assertEquals(BATCH, m.batch());
  }

  @Test
  void canonicalTimes_readAsInstantParseReadsThem() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 2_000; i++) {
      Instant start = Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L) / 1800 * 1800);
      String shifted = encoded().replace(T0.toString(), start.toString())
          .replace(T0.plusSeconds(5).toString(), start.plusSeconds(5).toString())
          .replace(T0.plusSeconds(600).toString(), start.plusSeconds(600).toString())
          .replace(T0.plusSeconds(60).toString(), start.plusSeconds(60).toString())
          .replace(T0.plusSeconds(1799).toString(), start.plusSeconds(1799).toString());
      EncounterBatch b = BatchDecoder.decode(shifted.getBytes(StandardCharsets.UTF_8)).batch();
      assertEquals(start, b.bucket().start(), shifted);
      assertEquals(start.plusSeconds(1799), b.records().get(1).last());
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "not json               | NOT_JSON       | {",
    "array                  | NOT_JSON       | []",
    "old schema             | UNKNOWN_SCHEMA | \"schema\":\"proximity-gateway/encounters/2\"=>\"schema\":\"proximity-gateway/encounters/1\"",
    "wrong batch id         | INVALID        | \"batch\":\"site-a/bay-1/0a0b0c0d/7\"=>\"batch\":\"site-a/bay-1/0a0b0c0d/8\"",
    "part index past count  | INVALID        | \"index\":0=>\"index\":1",
    "7-minute bucket        | INVALID        | \"minutes\":30=>\"minutes\":7",
    "misaligned start       | INVALID        | \"start\":\"2024-10-04T10:00:00Z\"=>\"start\":\"2024-10-04T10:07:00Z\"",
    "month 13               | INVALID        | \"start\":\"2024-10-04T10:00:00Z\"=>\"start\":\"2024-13-04T10:00:00Z\"",
    "30 February            | INVALID        | \"start\":\"2024-10-04T10:00:00Z\"=>\"start\":\"2024-02-30T10:00:00Z\"",
    "hour 24                | INVALID        | \"first\":\"2024-10-04T10:00:05Z\"=>\"first\":\"2024-10-04T24:00:05Z\"",
    "not a digit            | INVALID        | \"first\":\"2024-10-04T10:00:05Z\"=>\"first\":\"2024-10-04T10:0x:05Z\"",
    "first after last       | INVALID        | \"first\":\"2024-10-04T10:00:05Z\"=>\"first\":\"2024-10-04T10:20:00Z\"",
    "record outside bucket  | INVALID        | \"last\":\"2024-10-04T10:29:59Z\"=>\"last\":\"2024-10-04T10:30:00Z\"",
    "rssi min above max     | INVALID        | \"min\":-90=>\"min\":-50",
    "aem on bluezone        | INVALID        | \"kind\":\"bluezone\"=>\"kind\":\"bluezone\",\"aem\":\"00000000\"",
    "gaen without aem       | INVALID        | ,\"aem\":\"5c6b5cee\"=>",
    "unknown kind           | INVALID        | \"kind\":\"bluezone\"=>\"kind\":\"bluetrace\"",
    "short id               | INVALID        | fedcba9876543210fedcba9876543210=>fedcba98",
    "seq 0                  | INVALID        | \"seq\":7=>\"seq\":0",
    "seq past 2^63          | INVALID        | \"seq\":7=>\"seq\":99999999999999999999",
    "negative count         | INVALID        | \"late\":0=>\"late\":-1",
    "site with wildcard     | INVALID        | \"site\":\"site-a\"=>\"site\":\"site+\"",
  })
  void decode_whatTheContractForbids_isRefusedWithItsReason(String name, Reason reason, String edit) {
    String payload;
    if (edit.contains("=>")) {
      String[] e = edit.split("=>", -1);
      assertTrue(encoded().contains(e[0]), "the edit must apply: " + e[0]);
      payload = encoded().replace(e[0], e[1]);
    } else {
      payload = edit;
    }
    PayloadException ex = assertThrows(PayloadException.class,
        () -> BatchDecoder.decode(payload.getBytes(StandardCharsets.UTF_8)));
    assertEquals(reason, ex.reason(), ex.getMessage());
  }

  @Test
  void decode_randomMutations_neverThrowAnythingButPayloadException() {
    byte[] good = encoded().getBytes(StandardCharsets.UTF_8);
    SplittableRandom random = new SplittableRandom(Long.getLong("fuzz.seed", 7));
    int refused = 0;
    for (int i = 0; i < 5_000 * Integer.getInteger("fuzz.scale", 1); i++) { // -Dfuzz.scale=N: N times the cases
      byte[] b = good.clone();
      for (int k = random.nextInt(1, 4); k > 0; k--) {
        b[random.nextInt(b.length)] = (byte) random.nextInt(256);
      }
      try {
        BatchDecoder.decode(b);
      } catch (PayloadException e) {
        refused++;
      }
    }
    assertTrue(refused > 0, "mutations refused: " + refused);
  }
}
