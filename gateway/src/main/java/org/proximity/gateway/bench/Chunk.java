package org.proximity.gateway.bench;

import java.time.Instant;
import org.proximity.gateway.radio.AddressType;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.BluetoothAddress;

/**
 * A stretch of a simulated station's advertisements, generated ahead of the timed part so that the
 * timed part measures the gateway, not the simulator. Compact: one {@code long} per advertisement
 * (microseconds since the chunk's base second, the index of its distinct (data, address), RSSI),
 * so a million advertisements take 8 MB. {@link #advertisement} builds the report a radio source
 * would hand over.
 */
final class Chunk {
  /** What a device had on air: shared by every report of it within the chunk. */
  record Template(byte[] data, BluetoothAddress address, AddressType addressType) {}

  static final int MAX_TEMPLATES = 1 << 24;
  /** A chunk spans at most this much simulated time (32 bits of microseconds). */
  static final long MAX_SPAN_SECONDS = 4_000;

  private final long baseSecond;
  private final long[] events;
  private final int size;
  private final Template[] templates;

  Chunk(long baseSecond, long[] events, int size, Template[] templates) {
    this.baseSecond = baseSecond;
    this.events = events;
    this.size = size;
    this.templates = templates;
  }

  static long pack(long micros, int template, int rssi) {
    return micros << 32 | (long) template << 8 | (rssi & 0xFF);
  }

  int size() {
    return size;
  }

  /** Templates in this chunk: distinct (data, address) pairs. */
  int templates() {
    return templates.length;
  }

  /** Heap held by the event array (the templates come on top). */
  long eventBytes() {
    return 8L * events.length;
  }

  /** Report {@code i}, as a radio source would build it (the data is copied by Advertisement). */
  Advertisement advertisement(int i) {
    long e = events[i];
    long micros = e >>> 32;
    Template t = templates[(int) (e >>> 8) & (MAX_TEMPLATES - 1)];
    Instant at = Instant.ofEpochSecond(baseSecond + micros / 1_000_000, (micros % 1_000_000) * 1_000);
    return new Advertisement(at, t.address(), t.addressType(), (byte) e, t.data());
  }

  /** Simulated time of the last report, or of the base if empty. */
  Instant end() {
    return size == 0 ? Instant.ofEpochSecond(baseSecond) : Instant.ofEpochSecond(baseSecond, (events[size - 1] >>> 32) * 1_000);
  }
}
