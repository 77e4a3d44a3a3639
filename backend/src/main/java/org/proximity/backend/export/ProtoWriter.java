package org.proximity.backend.export;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Protocol Buffers wire format, writing side: just what {@link ExportWriter} needs. */
final class ProtoWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  ProtoWriter varint(int field, long value) {
    tag(field, ProtoReader.VARINT);
    rawVarint(value);
    return this;
  }

  /** int32 as protobuf writes it: negative values sign-extended to ten bytes. */
  ProtoWriter int32(int field, int value) {
    return varint(field, value);
  }

  ProtoWriter sint32(int field, int value) {
    return varint(field, Integer.toUnsignedLong((value << 1) ^ (value >> 31)));
  }

  ProtoWriter fixed64(int field, long value) {
    tag(field, ProtoReader.FIXED64);
    for (int i = 0; i < 8; i++) {
      out.write((int) (value >>> (8 * i)));
    }
    return this;
  }

  ProtoWriter bytes(int field, byte[] value) {
    tag(field, ProtoReader.LENGTH_DELIMITED);
    rawVarint(value.length);
    out.writeBytes(value);
    return this;
  }

  ProtoWriter string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  ProtoWriter message(int field, ProtoWriter value) {
    return bytes(field, value.toByteArray());
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  private void tag(int field, int wireType) {
    rawVarint(((long) field << 3) | wireType);
  }

  private void rawVarint(long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
