package org.proximity.gateway.publish.paho;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.proximity.gateway.publish.paho.BoundedPacketInput.OversizedPacketException;

class BoundedPacketInputTest {
  private static final int LIMIT = 200;

  /** A packet of type PUBLISH with {@code n} body bytes, the remaining length encoded per MQTT 2.2.3. */
  private static byte[] packet(int n) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(0x30);
    int x = n;
    do {
      int digit = x % 128;
      x /= 128;
      o.write(x > 0 ? digit | 0x80 : digit);
    } while (x > 0);
    o.write(new byte[n], 0, n);
    return o.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }

  /** Reads everything in chunks of {@code chunk} bytes (0: byte by byte). */
  private static byte[] readAll(byte[] wire, int chunk) throws IOException {
    InputStream in = new BoundedPacketInput(new ByteArrayInputStream(wire), LIMIT);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (chunk == 0) {
      for (int b; (b = in.read()) >= 0; ) {
        out.write(b);
      }
    } else {
      byte[] buf = new byte[chunk];
      for (int n; (n = in.read(buf, 0, chunk)) >= 0; ) {
        out.write(buf, 0, n);
      }
    }
    return out.toByteArray();
  }

  @Test
  void packetsUpToTheLimit_passUnchangedWhateverTheChunking() throws IOException {
    // 0 and 127 (one length byte), 128 (two), the limit itself; several packets per chunk
    byte[] wire = concat(packet(0), packet(127), packet(128), packet(LIMIT), new byte[] {(byte) 0xD0, 0x00});
    for (int chunk : new int[] {0, 1, 2, 3, 7, 64, 1024}) {
      assertArrayEquals(wire, readAll(wire, chunk), "chunk " + chunk);
    }
  }

  @Test
  void onePastTheLimit_isRefusedWhateverTheChunking() {
    byte[] wire = concat(packet(10), packet(LIMIT + 1));
    for (int chunk : new int[] {0, 1, 2, 5, 1024}) {
      OversizedPacketException e = assertThrows(OversizedPacketException.class, () -> readAll(wire, chunk));
      assertEquals(LIMIT + 1, e.announced(), "chunk " + chunk);
    }
  }

  @Test
  void theMqttMaximum_isRefusedBeforeTheReaderSeesTheLastLengthByte() throws IOException {
    InputStream in = new BoundedPacketInput(
        new ByteArrayInputStream(new byte[] {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}), LIMIT);
    assertEquals(0x30, in.read());
    for (int i = 0; i < 3; i++) {
      assertEquals(0xFF, in.read());
    }
    OversizedPacketException e = assertThrows(OversizedPacketException.class, in::read);
    assertEquals(268_435_455, e.announced());
  }

  @Test
  void aFifthLengthByte_isRefused() {
    InputStream in = new BoundedPacketInput(
        new ByteArrayInputStream(new byte[] {0x30, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x00}),
        Integer.MAX_VALUE);
    OversizedPacketException e = assertThrows(OversizedPacketException.class, () -> in.readNBytes(6));
    assertEquals(-1, e.announced());
  }
}
