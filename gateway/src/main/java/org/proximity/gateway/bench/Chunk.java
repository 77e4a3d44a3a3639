package org.proximity.gateway.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import org.proximity.gateway.radio.AddressType;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.BluetoothAddress;

/**
 * A stretch of a simulated station's advertisements, generated ahead of the timed part so that the
 * timed part measures the gateway, not the simulator. One {@code long} per advertisement
 * (microseconds since the chunk's base second, its template, RSSI); a template is what one device
 * had on air (address, address type, data), {@value #STRIDE} bytes of one array. So building a
 * report reads one place in memory, as a radio's driver reads the next bytes of its buffer: with an
 * object per template, among 125,000 devices in random order, the bench's own source paid three cache
 * misses a report (docs/benchmarks.md, "Distinct IDs").
 *
 * <p>The arrays are reused from chunk to chunk ({@link #clear}); a chunk is valid until it is filled again.
 */
final class Chunk {
  /** Legacy advertising data is at most 31 bytes (Core Spec v5.3 Vol 6, Part B, 2.3.1). */
  static final int MAX_DATA = 31;
  /** A template's bytes: the address and its type as a little-endian long, the data's length, the data. */
  static final int STRIDE = 8 + 1 + MAX_DATA;
  static final int MAX_TEMPLATES = 1 << 24;
  /** A chunk spans at most this much simulated time (32 bits of microseconds). */
  static final long MAX_SPAN_SECONDS = 4_000;
  private static final AddressType[] TYPES = AddressType.values();
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private long baseSecond;
  private long[] events;
  private int size;
  private byte[] templates = new byte[64 * STRIDE];
  private int templateCount;
  /** One array per data length, copied into and then copied by Advertisement: the data is allocated once a report, as before. */
  private final byte[][] scratch = new byte[MAX_DATA + 1][];

  Chunk(int maxEvents) {
    for (int n = 0; n <= MAX_DATA; n++) {
      scratch[n] = new byte[n];
    }
    this.events = new long[maxEvents];
  }

  /** Empties the chunk for {@code maxEvents} more, keeping its template array and, for the same {@code maxEvents}, its event array. */
  void clear(int maxEvents) {
    if (events.length != maxEvents) {
      events = new long[maxEvents];
    }
    size = 0;
    templateCount = 0;
    baseSecond = 0;
  }

  void baseSecond(long second) {
    this.baseSecond = second;
  }

  boolean isFull() {
    return size == events.length;
  }

  /** Adds a report of template {@code template}, {@code micros} after the base second. */
  void add(long micros, int template, int rssi) {
    events[size++] = micros << 32 | (long) template << 8 | (rssi & 0xFF);
  }

  /** Adds a template and returns its number, or -1 when the chunk holds {@link #MAX_TEMPLATES} already. */
  int addTemplate(BluetoothAddress address, AddressType type, byte[] data) {
    if (data.length > MAX_DATA) {
      throw new IllegalArgumentException("the bench plays legacy advertisements of at most 31 bytes, was " + data.length);
    }
    if (templateCount == MAX_TEMPLATES) {
      return -1;
    }
    int o = templateCount * STRIDE;
    if (o + STRIDE > templates.length) {
      templates = Arrays.copyOf(templates, (int) Math.min((long) MAX_TEMPLATES * STRIDE, 2L * templates.length));
    }
    LONG.set(templates, o, address.value() | (long) type.ordinal() << 48);
    templates[o + 8] = (byte) data.length;
    System.arraycopy(data, 0, templates, o + 9, data.length);
    return templateCount++;
  }

  int size() {
    return size;
  }

  /** Whether template {@code template}'s data is {@code data}. */
  boolean hasData(int template, byte[] data) {
    int o = template * STRIDE;
    return templates[o + 8] == data.length && Arrays.equals(templates, o + 9, o + 9 + data.length, data, 0, data.length);
  }

  /** Templates in this chunk: distinct (data, address) pairs. */
  int templates() {
    return templateCount;
  }

  /** Heap held by the chunk's arrays. */
  long bytes() {
    return 8L * events.length + templates.length;
  }

  /**
   * Report {@code i}, as a radio source would build it: a fresh address, the data copied. Only the
   * thread that plays the chunk may call it (the data passes through a scratch array).
   */
  Advertisement advertisement(int i) {
    long e = events[i];
    long micros = e >>> 32;
    int o = ((int) (e >>> 8) & (MAX_TEMPLATES - 1)) * STRIDE;
    long key = (long) LONG.get(templates, o);
    int length = templates[o + 8];
    Instant at = Instant.ofEpochSecond(baseSecond + micros / 1_000_000, (micros % 1_000_000) * 1_000);
    byte[] data = scratch[length];
    System.arraycopy(templates, o + 9, data, 0, length);
    return new Advertisement(at, new BluetoothAddress(key & 0xFFFF_FFFF_FFFFL), TYPES[(int) (key >>> 48)], (byte) e, data);
  }

  /**
   * Reads the templates of reports {@code from .. to)} and returns a sum of bytes of them: a read with
   * no effect, so that their cache misses are in flight together, as a radio's driver finds its next
   * reports in its buffer, rather than one after the other while building each report.
   */
  int touch(int from, int to) {
    int sum = 0;
    for (int i = from; i < to; i++) {
      int o = ((int) (events[i] >>> 8) & (MAX_TEMPLATES - 1)) * STRIDE;
      sum += templates[o] + templates[o + STRIDE - 1];
    }
    return sum;
  }

  /** Simulated time of the last report, or of the base if empty. */
  Instant end() {
    return size == 0 ? Instant.ofEpochSecond(baseSecond) : Instant.ofEpochSecond(baseSecond, (events[size - 1] >>> 32) * 1_000);
  }
}
