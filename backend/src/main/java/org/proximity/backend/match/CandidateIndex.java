package org.proximity.backend.match;

import java.util.Arrays;
import java.util.Iterator;

/**
 * The record ids a set of keys can produce, in an open-addressing hash table (linear probing) over
 * parallel primitive arrays: about 30 bytes per candidate, no object per entry, so that 10,000
 * GAEN keys (1.7 million candidates) fit in tens of megabytes. Each candidate carries what a match
 * must check: the ring and day whose key hashed it, the diagnosis key and its time unit (GAEN
 * interval number, Bluezone slot of the day). Fill with {@link #add}, then {@link #seal}, then probe.
 */
final class CandidateIndex {
  private long[] hi;
  private long[] lo;
  private int[] day;
  private int[] key;
  private int[] unit;
  private short[] ring;
  private int size;
  private long firstDay = Long.MAX_VALUE;
  private long lastDay = Long.MIN_VALUE;
  private int[] table;
  private long[] tableHi;
  private long[] filter;
  private int filterShift;
  private int mask;

  /** @param expected how many candidates will be added (an upper bound avoids copying) */
  CandidateIndex(int expected) {
    int n = Math.max(16, expected);
    hi = new long[n];
    lo = new long[n];
    day = new int[n];
    key = new int[n];
    unit = new int[n];
    ring = new short[n];
  }

  void add(byte[] recordId, int ring, long epochDay, int keyIndex, int unit) {
    if (table != null) {
      throw new IllegalStateException("sealed");
    }
    if (size == hi.length) {
      grow();
    }
    hi[size] = longAt(recordId, 0);
    lo[size] = longAt(recordId, 8);
    this.ring[size] = (short) ring;
    this.day[size] = Math.toIntExact(epochDay);
    this.key[size] = keyIndex;
    this.unit[size] = unit;
    size++;
    firstDay = Math.min(firstDay, epochDay);
    lastDay = Math.max(lastDay, epochDay);
  }

  /**
   * Builds the table: a power of two at least twice the candidates, so probes stay short. Each slot
   * holds the id's first 8 bytes beside the candidate number, so that a probe for an id that is no
   * candidate (nearly every record) costs one cache miss, not two.
   */
  void seal() {
    int capacity = Integer.highestOneBit(Math.max(16, size * 2 - 1)) << 1;
    table = new int[capacity];
    tableHi = new long[capacity];
    Arrays.fill(table, -1);
    mask = capacity - 1;
    // about 8 bits per candidate, a few MB: small enough to stay in cache, where the table is not
    int filterBits = Integer.highestOneBit(Math.max(64, size)) << 3;
    filter = new long[filterBits >>> 6];
    filterShift = 64 - Integer.numberOfTrailingZeros(filterBits);
    for (int c = 0; c < size; c++) {
      int bit = (int) (hi[c] >>> filterShift);
      filter[bit >>> 6] |= 1L << bit;
      int s = slot(hi[c]);
      while (table[s] >= 0) {
        s = (s + 1) & mask;
      }
      table[s] = c;
      tableHi[s] = hi[c];
    }
  }

  /**
   * False when no candidate starts with these 8 bytes: the answer for nearly every record, from a
   * bit array that fits in cache. True may still be no candidate (about one in eight).
   */
  boolean mayHold(long idHi) {
    int bit = (int) (idHi >>> filterShift);
    return (filter[bit >>> 6] & (1L << bit)) != 0;
  }

  /** Whether slot {@code s} is empty or holds another id's first half; then the probe moves on or ends. */
  boolean hiDiffers(int s, long idHi) {
    return tableHi[s] != idHi;
  }

  int size() {
    return size;
  }

  /** Every distinct candidate id, ascending, as 32 lowercase hex characters ({@link SortedIds}). */
  Iterator<String> sortedIds() {
    return new SortedIds(hi, lo, size);
  }

  /** The earliest day of any candidate; {@link Long#MAX_VALUE} when there are none. */
  long firstDay() {
    return firstDay;
  }

  /** The latest day of any candidate; {@link Long#MIN_VALUE} when there are none. */
  long lastDay() {
    return lastDay;
  }

  /** First slot to probe for an id; then {@link #next} until {@link #at} is negative. */
  int slot(long idHi) {
    long h = idHi * 0x9E3779B97F4A7C15L; // ids are HMAC output: any bits will do, mixed for safety
    return (int) (h >>> 32) & mask;
  }

  int next(int slot) {
    return (slot + 1) & mask;
  }

  /** The candidate in a slot, or -1 when the slot is empty (the probe ends). */
  int at(int slot) {
    return table[slot];
  }

  boolean idEquals(int c, long idHi, long idLo) {
    return hi[c] == idHi && lo[c] == idLo;
  }

  int ring(int c) {
    return ring[c];
  }

  long day(int c) {
    return day[c];
  }

  int key(int c) {
    return key[c];
  }

  int unit(int c) {
    return unit[c];
  }

  static long longAt(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xFF);
    }
    return v;
  }

  private void grow() {
    int n = hi.length + (hi.length >> 1);
    hi = Arrays.copyOf(hi, n);
    lo = Arrays.copyOf(lo, n);
    day = Arrays.copyOf(day, n);
    key = Arrays.copyOf(key, n);
    unit = Arrays.copyOf(unit, n);
    ring = Arrays.copyOf(ring, n);
  }
}
