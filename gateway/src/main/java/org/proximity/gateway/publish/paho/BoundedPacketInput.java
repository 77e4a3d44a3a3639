package org.proximity.gateway.publish.paho;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes a broker sends, passed through unchanged while every MQTT control packet stays within
 * a bound. Follows the packet boundaries: a fixed header (one type byte, then the remaining length,
 * 1 to 4 bytes of 7 bits each, least significant first; MQTT 3.1.1 section 2.2.3) and that many
 * bytes of body. A remaining length above the bound, or a fifth length byte, throws
 * {@link OversizedPacketException} instead of handing over the last length byte, so Paho never
 * allocates the packet: Paho 1.2.5 allocates whatever the header announces, up to 256 MiB.
 */
final class BoundedPacketInput extends FilterInputStream {

  /** The broker announced a packet larger than the bound (or an invalid length). */
  static final class OversizedPacketException extends IOException {
    private final long announced;

    OversizedPacketException(long announced, int limit) {
      super(announced < 0
          ? "the broker sent an MQTT remaining length longer than 4 bytes: connection dropped"
          : "the broker announced an MQTT packet of " + announced + " bytes, more than the limit of " + limit
              + ": connection dropped");
      this.announced = announced;
    }

    /** The remaining length announced, or -1 for a malformed length. */
    long announced() {
      return announced;
    }
  }

  private final int limit;
  /** Body bytes still to pass before the next fixed header. */
  private long body;
  /** Position in the header: 0 expects the type byte, 1..4 a length byte. */
  private int headerByte;
  private long length;

  BoundedPacketInput(InputStream in, int limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      advance(b);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = in.read(buf, off, len);
    for (int i = 0; i < n; i++) {
      if (body > 0) {
        // skip straight over the rest of this packet's body within the chunk
        long skip = Math.min(body, n - i);
        body -= skip;
        i += (int) skip - 1;
      } else {
        advance(buf[off + i] & 0xFF);
      }
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Paho never skips; passing through would lose track of the packet boundaries
    throw new IOException("skip is not supported on the broker's stream");
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void advance(int b) throws OversizedPacketException {
    if (body > 0) {
      body--;
      return;
    }
    if (headerByte == 0) {
      headerByte = 1;
      length = 0;
      return;
    }
    length |= (long) (b & 0x7F) << (7 * (headerByte - 1));
    if ((b & 0x80) != 0) {
      if (headerByte == 4) {
        throw new OversizedPacketException(-1, limit);
      }
      headerByte++;
      return;
    }
    if (length > limit) {
      throw new OversizedPacketException(length, limit);
    }
    body = length;
    headerByte = 0;
  }
}
