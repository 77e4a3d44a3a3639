package org.proximity.gateway.radio.replay;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * An input stream that knows its byte offset; reads exactly, or says how much was there. It keeps
 * its own buffer: a capture is read in frames of a few dozen bytes, and an {@code InputStream}'s
 * {@code readNBytes} takes a lock per call (on {@code BufferedInputStream}), twice a frame.
 */
final class ByteInput {
  /** The largest view: above every reader's largest record. */
  static final int MAX_VIEW = 1 << 24;
  private static final int BUFFER = 1 << 16;
  private final InputStream in;
  private byte[] buffer = new byte[BUFFER];
  private int position;
  private int limit;
  private boolean ended;
  /** Handed out by {@link #readRecordHeader}, valid until the next call. */
  private byte[] header = new byte[0];
  private long offset;

  ByteInput(InputStream in) {
    this.in = in;
  }

  long offset() {
    return offset;
  }

  /** Reads up to {@code n} bytes into {@code b}; returns how many there were (n unless at the end). */
  int read(byte[] b, int n) throws IOException {
    int got = 0;
    while (got < n && (position < limit || fill())) {
      int k = Math.min(n - got, limit - position);
      System.arraycopy(buffer, position, b, got, k);
      position += k;
      got += k;
    }
    offset += got;
    return got;
  }

  private boolean fill() throws IOException {
    while (!ended) {
      int r = in.read(buffer, 0, buffer.length);
      if (r < 0) {
        ended = true;
      } else if (r > 0) {
        position = 0;
        limit = r;
        return true;
      }
    }
    return false;
  }

  /**
   * Reads exactly {@code n} bytes in place: returns where they start in {@link #buffer()}, valid
   * until the next read, or fails with "truncated" at this place. No copy unless they straddle the
   * end of the buffer (then what is left moves to its start; a record larger than it grows it).
   */
  int view(int n, long frame, String what) throws IOException, CaptureFault {
    if (n < 0 || n > MAX_VIEW) {
      throw new IllegalArgumentException("a view of 0 to " + MAX_VIEW + " bytes, not " + n);
    }
    long at = offset;
    if (limit - position < n) {
      if (n > buffer.length) {
        buffer = Arrays.copyOf(buffer, Integer.highestOneBit(n - 1) << 1);
      }
      System.arraycopy(buffer, position, buffer, 0, limit - position);
      limit -= position;
      position = 0;
      while (limit < n && !ended) {
        int r = in.read(buffer, limit, buffer.length - limit);
        if (r < 0) {
          ended = true;
        } else {
          limit += r;
        }
      }
      if (limit < n) {
        int got = limit;
        position = limit;
        offset += got;
        throw new CaptureFault(at, frame, "truncated " + what + ": needs " + n + " bytes, only " + got + " left");
      }
    }
    int start = position;
    position += n;
    offset += n;
    return start;
  }

  /** The buffer {@link #view} points into (it may be replaced by a larger one). */
  byte[] buffer() {
    return buffer;
  }

  /** Reads exactly {@code n} bytes or fails with "truncated" at this place. */
  byte[] readExactly(int n, long frame, String what) throws IOException, CaptureFault {
    long at = offset;
    byte[] b = new byte[n];
    int got = read(b, n);
    if (got < n) {
      throw new CaptureFault(at, frame, "truncated " + what + ": needs " + n + " bytes, only " + got + " left");
    }
    return b;
  }

  /**
   * Reads a record header of {@code n} bytes into an array that stays valid until the next call
   * (a header is parsed on the spot); null at a clean end of file, a fault if cut short.
   */
  byte[] readRecordHeader(int n, long frame) throws IOException, CaptureFault {
    long at = offset;
    if (header.length != n) {
      header = new byte[n];
    }
    int got = read(header, n);
    if (got == 0) {
      return null;
    }
    if (got < n) {
      throw new CaptureFault(at, frame, "truncated record header: needs " + n + " bytes, only " + got + " left");
    }
    return header;
  }

  static int u32be(byte[] b, int i) {
    return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | b[i + 3] & 0xFF;
  }

  static int u32(byte[] b, int i, boolean bigEndian) {
    int v = u32be(b, i);
    return bigEndian ? v : Integer.reverseBytes(v);
  }

  static int u16(byte[] b, int i, boolean bigEndian) {
    int hi = bigEndian ? b[i] & 0xFF : b[i + 1] & 0xFF;
    int lo = bigEndian ? b[i + 1] & 0xFF : b[i] & 0xFF;
    return hi << 8 | lo;
  }

  static long u64be(byte[] b, int i) {
    return (long) u32be(b, i) << 32 | Integer.toUnsignedLong(u32be(b, i + 4));
  }
}
