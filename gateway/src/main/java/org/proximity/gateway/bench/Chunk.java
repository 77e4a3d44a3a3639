package org.proximity.gateway.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Instant;
import org.proximity.gateway.radio.AddressType;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.BluetoothAddress;

/**
 * A stretch of a simulated station's advertisements, generated ahead of the timed part so that the
 * timed part measures the gateway, not the simulator. Each report is {@value #STRIDE} consecutive
 * bytes of one array, in the order played: microseconds since the chunk's base second, RSSI,
 * address type and data length in one little-endian {@code long}, the address in a second, then
 * the data. So the source reads its next report where the one before ended, as a radio's driver
 * reads the next bytes of the buffer it has just filled. Templates shared by a device's reports
 * would take less memory, but among 125,000 devices each report read one at random: a cache miss in
 * the bench's own source that grew with the station (docs/benchmarks.md, "Distinct IDs").
 *
 * <p>The array is reused from chunk to chunk ({@link #clear}); a chunk is valid until it is filled again.
 */
final class Chunk {
  /** Legacy advertising data is at most 31 bytes (Core Spec v5.3 Vol 6, Part B, 2.3.1). */
  static final int MAX_DATA = 31;
  /** A report's bytes: time, RSSI, type and length; the address; the data; one spare byte, for a round 48. */
  static final int STRIDE = 8 + 8 + MAX_DATA + 1;
  /** The most reports a chunk holds: 31 bytes short of the longest array Java allows. */
  static final int MAX_REPORTS = Integer.MAX_VALUE / STRIDE;
  /** A chunk spans at most this much simulated time (32 bits of microseconds). */
  static final long MAX_SPAN_SECONDS = 4_000;
  private static final AddressType[] TYPES = AddressType.values();
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private long baseSecond;
  private byte[] reports;
  private int size;
  /** One array per data length, copied into and then copied by Advertisement: the data is allocated once a report, as from a radio. */
  private final byte[][] scratch = new byte[MAX_DATA + 1][];

  Chunk(int maxReports) {
    for (int n = 0; n <= MAX_DATA; n++) {
      scratch[n] = new byte[n];
    }
    this.reports = new byte[checked(maxReports) * STRIDE];
  }

  /** Empties the chunk for {@code maxReports} more, keeping its array for the same {@code maxReports}. */
  void clear(int maxReports) {
    if (reports.length != checked(maxReports) * STRIDE) {
      reports = new byte[maxReports * STRIDE];
    }
    size = 0;
    baseSecond = 0;
  }

  private static int checked(int maxReports) {
    if (maxReports < 0 || maxReports > MAX_REPORTS) {
      throw new IllegalArgumentException("a chunk holds 0 to " + MAX_REPORTS + " reports, was asked for " + maxReports);
    }
    return maxReports;
  }

  void baseSecond(long second) {
    this.baseSecond = second;
  }

  boolean isFull() {
    return size * STRIDE == reports.length;
  }

  /**
   * Adds a report {@code micros} after the base second (0 to {@value #MAX_SPAN_SECONDS} seconds):
   * the data is copied.
   */
  void add(long micros, BluetoothAddress address, AddressType type, byte[] data, int rssi) {
    if (data.length > MAX_DATA) {
      throw new IllegalArgumentException("the bench plays legacy advertisements of at most 31 bytes, was " + data.length);
    }
    if (micros < 0 || micros >= MAX_SPAN_SECONDS * 1_000_000) {
      throw new IllegalArgumentException("a chunk spans 0 to " + MAX_SPAN_SECONDS + " s, was " + micros + " µs");
    }
    if (isFull()) {
      throw new IllegalStateException("the chunk is full: " + size + " reports");
    }
    int o = size * STRIDE;
    LONG.set(reports, o, micros << 32 | (long) type.ordinal() << 16 | (long) data.length << 8 | (rssi & 0xFF));
    LONG.set(reports, o + 8, address.value());
    System.arraycopy(data, 0, reports, o + 16, data.length);
    size++;
  }

  int size() {
    return size;
  }

  /** Heap held by the chunk's array. */
  long bytes() {
    return reports.length;
  }

  /**
   * Report {@code i}, as a radio source would build it: a fresh address, the data copied. Only the
   * thread that plays the chunk may call it (the data passes through a scratch array).
   */
  Advertisement advertisement(int i) {
    int o = i * STRIDE;
    long head = (long) LONG.get(reports, o);
    long micros = head >>> 32;
    int length = (int) (head >>> 8) & 0xFF;
    Instant at = Instant.ofEpochSecond(baseSecond + micros / 1_000_000, (micros % 1_000_000) * 1_000);
    byte[] data = scratch[length];
    System.arraycopy(reports, o + 16, data, 0, length);
    return new Advertisement(at, new BluetoothAddress((long) LONG.get(reports, o + 8)), TYPES[(int) (head >>> 16) & 0xFF],
        (byte) head, data);
  }

  /** Simulated time of the last report, or of the base if empty. */
  Instant end() {
    if (size == 0) {
      return Instant.ofEpochSecond(baseSecond);
    }
    long micros = (long) LONG.get(reports, (size - 1) * STRIDE) >>> 32;
    return Instant.ofEpochSecond(baseSecond + micros / 1_000_000, (micros % 1_000_000) * 1_000);
  }
}
