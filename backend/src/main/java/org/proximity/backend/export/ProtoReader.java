package org.proximity.backend.export;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Protocol Buffers wire format, reading side (protobuf.dev "Encoding"): varints, fixed 32/64-bit
 * little-endian values and length-delimited fields. Every length is checked against the bytes
 * left before anything is read; a violation is an {@link ExportException}, never an index error.
 */
final class ProtoReader {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private final byte[] buf;
  private final int limit;
  private final String message;
  private int pos;

  /** Reads {@code buf[from, to)} as one message named {@code message} (used in error text). */
  ProtoReader(byte[] buf, int from, int to, String message) {
    if (from < 0 || to > buf.length || from > to) {
      throw new IllegalArgumentException("range [" + from + ", " + to + ") outside " + buf.length + " bytes");
    }
    this.buf = buf;
    this.pos = from;
    this.limit = to;
    this.message = message;
  }

  boolean hasMore() {
    return pos < limit;
  }

  /** The next tag: field number and wire type. */
  Tag readTag() throws ExportException {
    long v = readVarint();
    int wireType = (int) (v & 7);
    long field = v >>> 3;
    if (field < 1 || field > 0x1FFF_FFFF) {
      throw malformed("field number " + field + " out of range");
    }
    return new Tag((int) field, wireType);
  }

  long readVarint() throws ExportException {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= limit) {
        throw malformed("truncated varint");
      }
      byte b = buf[pos++];
      v |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return v;
      }
    }
    throw malformed("varint longer than 10 bytes");
  }

  /** An int32 field: a varint whose value must fit 32 bits (negative ones are sign-extended). */
  int readInt32(String field) throws ExportException {
    long v = readVarint();
    if (v != (int) v) {
      throw malformed(field + " does not fit int32");
    }
    return (int) v;
  }

  /** A sint32 field: ZigZag-encoded. */
  int readSint32(String field) throws ExportException {
    long v = readVarint();
    if (v < 0 || v > 0xFFFF_FFFFL) {
      throw malformed(field + " does not fit sint32");
    }
    int n = (int) v;
    return (n >>> 1) ^ -(n & 1);
  }

  long readFixed64() throws ExportException {
    require(8, "fixed64");
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (buf[pos + i] & 0xFF);
    }
    pos += 8;
    return v;
  }

  /** A length-delimited field's payload as a reader of its own (an embedded message). */
  ProtoReader readMessage(String name) throws ExportException {
    int len = readLength(name);
    ProtoReader sub = new ProtoReader(buf, pos, pos + len, name);
    pos += len;
    return sub;
  }

  byte[] readBytes(String name) throws ExportException {
    int len = readLength(name);
    byte[] out = Arrays.copyOfRange(buf, pos, pos + len);
    pos += len;
    return out;
  }

  String readString(String name) throws ExportException {
    int len = readLength(name);
    try {
      String s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(buf, pos, len))
          .toString();
      pos += len;
      return s;
    } catch (CharacterCodingException e) {
      throw malformed(name + " is not UTF-8");
    }
  }

  /** Skips a field this reader does not know, as protobuf requires; groups (types 3, 4) are refused. */
  void skip(Tag tag) throws ExportException {
    switch (tag.wireType()) {
      case VARINT -> readVarint();
      case FIXED64 -> {
        require(8, "fixed64");
        pos += 8;
      }
      case LENGTH_DELIMITED -> {
        int len = readLength("field " + tag.field()); // read before adding: the varint moves pos
        pos += len;
      }
      case FIXED32 -> {
        require(4, "fixed32");
        pos += 4;
      }
      default -> throw malformed("field " + tag.field() + " has unsupported wire type " + tag.wireType());
    }
  }

  /** Checks that a known field arrived with the wire type its definition gives it. */
  void expect(Tag tag, int wireType, String name) throws ExportException {
    if (tag.wireType() != wireType) {
      throw malformed(name + " has wire type " + tag.wireType() + ", expected " + wireType);
    }
  }

  private int readLength(String name) throws ExportException {
    long len = readVarint();
    if (len < 0 || len > limit - pos) {
      throw malformed(name + " claims " + Long.toUnsignedString(len) + " bytes but " + (limit - pos) + " remain");
    }
    return (int) len;
  }

  private void require(int n, String what) throws ExportException {
    if (limit - pos < n) {
      throw malformed("truncated " + what);
    }
  }

  private ExportException malformed(String detail) {
    return new ExportException("malformed " + message + " at byte " + pos + ": " + detail);
  }

  record Tag(int field, int wireType) {}
}
