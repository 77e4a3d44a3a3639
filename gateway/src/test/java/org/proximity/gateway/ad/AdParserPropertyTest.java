package org.proximity.gateway.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random inputs: random bytes and mutated valid payloads never make the parser or decoder
 * throw, and the structures tile the input from offset 0 without running past its end. Rerun a
 * failure with {@code -Dad.property.seed=N} (the seed is in the display name).
 */
class AdParserPropertyTest {

  private static final long SEED = Long.getLong("ad.property.seed", 0x5EED_AD0L);
  private static final int CASES = 4000;

  private static final AdvertisementDecoder DECODER = new AdvertisementDecoder();

  static Stream<Arguments> inputs() {
    SplittableRandom random = new SplittableRandom(SEED);
    List<byte[]> valid = new ArrayList<>(AnuCaptures.gaenPayloads());
    valid.add(HexFormat.of().parseHex("020106" + "0303564e" + "0fffb522" + "ab".repeat(12)));
    valid.add(HexFormat.of().parseHex("14ff4c000108" + "00".repeat(15)));
    List<Arguments> cases = new ArrayList<>(CASES);
    for (int i = 0; i < CASES; i++) {
      byte[] input = i % 2 == 0
          ? randomBytes(random)
          : mutate(valid.get(random.nextInt(valid.size())), random);
      cases.add(Arguments.of(SEED, i, input));
    }
    return cases.stream();
  }

  private static byte[] randomBytes(SplittableRandom random) {
    byte[] b = new byte[random.nextInt(0, 70)];
    random.nextBytes(b);
    return b;
  }

  /** Overwrites, truncates or extends a valid payload; length bytes are hit as often as any. */
  private static byte[] mutate(byte[] valid, SplittableRandom random) {
    byte[] b = Arrays.copyOf(valid, valid.length + random.nextInt(-valid.length, 8));
    for (int n = random.nextInt(1, 4); n > 0 && b.length > 0; n--) {
      b[random.nextInt(b.length)] = (byte) random.nextInt(256);
    }
    return b;
  }

  @ParameterizedTest(name = "seed {0} case {1}")
  @MethodSource("inputs")
  void parse_anyBytes_structuresTileInputWithinBounds(long seed, int index, byte[] input) {
    for (AdParseResult r : List.of(AdParser.parse(input), AdParser.parseExtended(input))) {
      int next = 0;
      for (AdStructure s : r.structures()) {
        assertEquals(next, s.offset(), "structures are contiguous from 0");
        assertTrue(s.end() <= input.length, "structure ends past input");
        assertEquals(s.dataLength() + 1, Byte.toUnsignedInt(input[s.offset()]), "length byte");
        assertEquals(Byte.toUnsignedInt(input[s.offset() + 1]), s.type(), "type byte");
        next = s.end();
      }
      if (r.fault() != null && r.fault().reason() != AdFault.Reason.TOO_LONG) {
        assertEquals(next, r.fault().offset(), "fault at the first bad length byte");
      }
      DecodedAdvertisement d = DECODER.decode(r);
      assertEquals(d.kind().carriesId(), d.rollingId() != null, "ID only for GAEN and Bluezone");
    }
  }
}
