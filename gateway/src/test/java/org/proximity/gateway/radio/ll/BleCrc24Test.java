package org.proximity.gateway.radio.ll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BleCrc24Test {

  @Test
  void reflectedPolynomial_isTheSpecPolynomialReversed() {
    // x^10 + x^9 + x^6 + x^4 + x^3 + x + 1 = 0b110_0101_1011; reversed over 24 bits
    assertEquals(0xDA6000, BleCrc24.POLYNOMIAL_REFLECTED);
    assertEquals(0xAAAAAA, BleCrc24.reverse24(BleCrc24.ADVERTISING_CRC_INIT));
  }

  @Test
  void emptyInput_isThePresetReflected() {
    assertEquals(0xAAAAAA, BleCrc24.compute(BleCrc24.ADVERTISING_CRC_INIT, new byte[0], 0, 0));
  }

  @Test
  void syntheticAdvInd_matchesAndEveryOneBitFlipIsCaught() {
    byte[] pdu = HexFormat.of().parseHex("4209a1a2a3a4a5a6020106" + "031a5c");
    assertTrue(BleCrc24.matches(BleCrc24.ADVERTISING_CRC_INIT, pdu, 0, pdu.length - 3));
    for (int bit = 0; bit < pdu.length * 8; bit++) {
      byte[] b = pdu.clone();
      b[bit / 8] ^= (byte) (1 << (bit % 8));
      assertFalse(BleCrc24.matches(BleCrc24.ADVERTISING_CRC_INIT, b, 0, b.length - 3), "bit " + bit);
    }
  }

  /**
   * The Boston HackRF capture (testdata README: "some with bad CRC") leaves CRCs unchecked; a wrong
   * CRC algorithm would match about one frame in 2^24, so most advertising frames matching proves
   * the register, the preset and the byte order together.
   */
  @Test
  void bostonAdv37_mostAdvertisingFramesMatchSomeDoNot() throws Exception {
    Path file = Path.of(System.getProperty("testdata.dir", "src/test/resources"), "captures", "boston2025-hackrf-adv37.pcap");
    ByteBuffer f = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    f.position(24);
    int match = 0;
    int mismatch = 0;
    while (f.remaining() >= 16) {
      f.position(f.position() + 8);
      int incl = f.getInt();
      f.getInt();
      byte[] frame = new byte[incl];
      f.get(frame);
      ByteBuffer fr = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
      if (fr.getInt(10) != AdvertisingPduDecoder.ADVERTISING_ACCESS_ADDRESS) {
        continue;
      }
      if (BleCrc24.matches(BleCrc24.ADVERTISING_CRC_INIT, frame, 14, incl - 14 - 3)) {
        match++;
      } else {
        mismatch++;
      }
    }
    assertEquals(250, match);
    assertEquals(77, mismatch);
  }
}
