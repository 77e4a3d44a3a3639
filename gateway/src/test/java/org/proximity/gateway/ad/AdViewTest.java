package org.proximity.gateway.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AdViewTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void appleOverflow_bluezoneBit3Set() {
    AdView v = new AdView().wrap(HEX.parseHex("14ff4c0001" + "08" + "00".repeat(15)));
    assertEquals(0, v.appleOverflow());
    assertTrue(v.appleOverflowBit(3));
    assertFalse(v.appleOverflowBit(0));
    assertFalse(v.appleOverflowBit(127));
    assertFalse(v.appleOverflowBit(128));
    assertEquals(null, v.fieldFault(0));
  }

  @Test
  void reuse_overLongerAndShorterPayloads_indexesOnlyTheCurrentOne() {
    AdView v = new AdView();
    byte[] many = HEX.parseHex("020106".repeat(40));
    assertEquals(40, v.wrapExtended(many).count());
    assertEquals(AdFault.Reason.TOO_LONG, v.wrap(many).faultReason());
    assertEquals(1, v.wrap(HEX.parseHex("020a05")).count());
    assertEquals(5, v.txPower());
    assertEquals(AdView.ABSENT, v.flags());
    assertEquals(null, v.faultReason());
  }

  @Test
  void utf8_knownIllFormedSequences() {
    assertEquals(-1, Utf8.firstInvalid(HEX.parseHex("41f09f9880e282ac"), 0, 8)); // A, U+1F600, €
    assertEquals(0, Utf8.firstInvalid(HEX.parseHex("c080"), 0, 2)); // overlong
    assertEquals(0, Utf8.firstInvalid(HEX.parseHex("eda080"), 0, 3)); // surrogate
    assertEquals(0, Utf8.firstInvalid(HEX.parseHex("f4908080"), 0, 4)); // above U+10FFFF
    assertEquals(1, Utf8.firstInvalid(HEX.parseHex("41e282"), 0, 3)); // truncated
    assertEquals(0, Utf8.firstInvalid(HEX.parseHex("80"), 0, 1)); // lone continuation
  }

  /** The JDK's strict decoder as the oracle: well-formed exactly when it decodes without error. */
  @Test
  void utf8_randomBytes_agreesWithJdkDecoder() {
    long seed = Long.getLong("adview.seed", 20240601L);
    SplittableRandom rnd = new SplittableRandom(seed);
    byte[] alphabet = HEX.parseHex("41007f80bfc0c1c2dfe0e1ecedeff0f1f3f4f5ff9fa08f90");
    for (int n = 0; n < 200_000 * Integer.getInteger("fuzz.scale", 1); n++) {
      byte[] b = new byte[rnd.nextInt(6)];
      for (int i = 0; i < b.length; i++) {
        b[i] = alphabet[rnd.nextInt(alphabet.length)];
      }
      boolean jdk = true;
      try {
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
      } catch (CharacterCodingException e) {
        jdk = false;
      }
      assertEquals(jdk, Utf8.firstInvalid(b, 0, b.length) < 0, "seed " + seed + ": " + HEX.formatHex(b));
    }
  }
}
