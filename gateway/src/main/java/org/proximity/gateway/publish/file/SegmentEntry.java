package org.proximity.gateway.publish.file;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.CRC32C;
import org.proximity.gateway.publish.OutboundMessage;

/**
 * The on-disk form of one outbox entry, little-endian:
 *
 * <pre>
 * magic    u32  0x31574750 ("PGW1")
 * length   u32  bytes of the body
 * body:    seq i64 | storedAt epoch-ms i64 | topic length u16 | topic UTF-8 | payload
 * crc      u32  CRC-32C of the body
 * </pre>
 *
 * A torn write at power loss leaves a short or mismatching tail, which the checksum exposes.
 */
final class SegmentEntry {
  static final int MAGIC = 0x31574750;
  static final int HEADER = 8;
  static final int TRAILER = 4;
  static final int BODY_FIXED = 8 + 8 + 2;
  /** Far above any batch; a larger length is corruption, not data. */
  static final int MAX_BODY = 64 * 1024 * 1024;

  private SegmentEntry() {}

  static ByteBuffer encode(OutboundMessage m) {
    byte[] topic = m.topic().getBytes(StandardCharsets.UTF_8);
    byte[] payload = m.payload();
    int body = BODY_FIXED + topic.length + payload.length;
    ByteBuffer b = ByteBuffer.allocate(HEADER + body + TRAILER).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(MAGIC).putInt(body);
    b.putLong(m.seq()).putLong(m.storedAt().toEpochMilli()).putShort((short) topic.length).put(topic).put(payload);
    CRC32C crc = new CRC32C();
    crc.update(b.array(), HEADER, body);
    b.putInt((int) crc.getValue());
    return b.flip();
  }

  static boolean crcMatches(ByteBuffer body, int expected) {
    CRC32C crc = new CRC32C();
    crc.update(body.duplicate());
    return (int) crc.getValue() == expected;
  }

  /** Decodes a checked body; returns null when its inner lengths do not add up. */
  static OutboundMessage decodeBody(ByteBuffer body) {
    ByteBuffer b = body.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (b.remaining() < BODY_FIXED) {
      return null;
    }
    long seq = b.getLong();
    long storedAt = b.getLong();
    int topicLength = Short.toUnsignedInt(b.getShort());
    if (b.remaining() < topicLength) {
      return null;
    }
    byte[] topic = new byte[topicLength];
    b.get(topic);
    byte[] payload = new byte[b.remaining()];
    b.get(payload);
    return new OutboundMessage(
        seq, new String(topic, StandardCharsets.UTF_8), payload, Instant.ofEpochMilli(storedAt));
  }
}
