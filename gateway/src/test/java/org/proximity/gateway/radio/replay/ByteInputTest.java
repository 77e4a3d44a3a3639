package org.proximity.gateway.radio.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ByteInput#view}: bytes in place, across the buffer's end, larger than the buffer, and cut short. */
@Timeout(60) // a view that never fills would otherwise hang the build
class ByteInputTest {

  /** At most 5,000 bytes a read, and now and then none. */
  private static InputStream trickling(byte[] file) {
    return new FilterInputStream(new ByteArrayInputStream(file)) {
      private int call;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        call++;
        return call % 4 == 0 ? 0 : super.read(b, off, Math.min(len, 1 + call * 997 % 5_000));
      }
    };
  }

  @Test
  void views_giveEveryByteInOrder_acrossAndBeyondTheBuffer() throws Exception {
    Random random = new Random(8);
    byte[] file = new byte[900_000];
    random.nextBytes(file);
    ByteInput in = new ByteInput(trickling(file));
    int at = 0;
    // small records, one larger than the 64 KB buffer, then small ones again, and a header read between
    int[] sizes = {40, 1, 30_000, 50_000, 100_000, 47, 200_000, 9, 65_536, 3};
    for (int round = 0; at < 800_000; round++) {
      int n = sizes[round % sizes.length];
      int start = in.view(n, round, "record data");
      assertArrayEquals(Arrays.copyOfRange(file, at, at + n), Arrays.copyOfRange(in.buffer(), start, start + n),
          "record " + round + " of " + n + " bytes at " + at);
      at += n;
      assertEquals(at, in.offset());
      byte[] h = in.readRecordHeader(16, round);
      assertArrayEquals(Arrays.copyOfRange(file, at, at + 16), h);
      at += 16;
    }
  }

  @Test
  void view_cutShort_isATruncationFaultSayingWhere() throws Exception {
    byte[] file = new byte[70_000];
    ByteInput in = new ByteInput(trickling(file));
    in.view(60_000, 1, "record data");
    CaptureFault f = assertThrows(CaptureFault.class, () -> in.view(20_000, 2, "record data"));
    assertEquals(2, f.frame());
    assertEquals(60_000, f.offset());
    assertEquals("frame 2 at byte 60000: truncated record data: needs 20000 bytes, only 10000 left", f.getMessage());
    assertEquals(70_000, in.offset(), "what was there is consumed");
    assertNull(in.readRecordHeader(16, 3), "then a clean end");
  }

  @Test
  void emptyView_andACleanEndRightAfterAView() throws Exception {
    byte[] file = new byte[100];
    Arrays.fill(file, (byte) 7);
    ByteInput in = new ByteInput(trickling(file));
    in.view(0, 1, "record data");
    assertEquals(0, in.offset(), "an empty view takes nothing");
    int start = in.view(100, 1, "record data");
    assertEquals(7, in.buffer()[start + 99]);
    in.view(0, 2, "record data"); // at the end of the file: still no fault
    assertNull(in.readRecordHeader(16, 2));
    assertEquals(100, in.offset());
    assertThrows(IllegalArgumentException.class, () -> in.view(-1, 2, "record data"));
  }
}
