package org.proximity.gateway.bucket;

import java.util.function.LongConsumer;

/**
 * A bounded set of non-zero longs: open addressing with linear probing over {@code long[]}
 * segments of at most 2^{@value #SEG_BITS} longs (256 KB, never humongous for G1), at most half
 * full, growing by doubling up to the size its cap needs and never further. Exact: it never loses
 * or invents an element, so distinct counts of a small crowd are exact; past the cap it refuses new
 * elements and the caller counts them as overflow.
 *
 * <p>{@link #withMarks} keeps a {@code long} beside each element, in the same cache line, for the
 * caller's note ({@link BucketState}: the minute the crowd counter last remembered an address):
 * 16 bytes a slot (32–64 per element) instead of 8 (16–32).
 *
 * <p>Not thread-safe.
 */
final class LongSet {
  static final int SEG_BITS = 15;
  private static final int MIN_CAPACITY = 16;
  private static final int SEG_MASK = (1 << SEG_BITS) - 1;

  private final int cap;
  /** Longs per slot: 1 (the element), or 2 (element and mark). */
  private final int stride;
  private long[][] slots;
  private int capacity = MIN_CAPACITY;
  private int size;

  /** What {@link #add} did. */
  enum Added { NEW, PRESENT, FULL }

  LongSet(int cap) {
    this(cap, 1);
  }

  private LongSet(int cap, int stride) {
    if (cap < 1) {
      throw new IllegalArgumentException("cap must be at least 1");
    }
    this.cap = cap;
    this.stride = stride;
    this.slots = newSlots(MIN_CAPACITY * stride);
  }

  /** A set with a mark (initially 0) beside each element. */
  static LongSet withMarks(int cap) {
    return new LongSet(cap, 2);
  }

  Added add(long key) {
    int a = addAt(key);
    return a < 0 ? Added.FULL : (a & 1) != 0 ? Added.NEW : Added.PRESENT;
  }

  /**
   * Adds {@code key} if new. Returns where it is, for {@link #mark} and {@link #setMark} (valid until
   * the next add), shifted left by one with the low bit set when it was new; -1 when full.
   */
  int addAt(long key) {
    if (key == 0) {
      throw new IllegalArgumentException("0 is the empty slot");
    }
    int mask = capacity - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      int at = i * stride;
      long s = slots[at >>> SEG_BITS][at & SEG_MASK];
      if (s == key) {
        return at << 1;
      }
      if (s == 0) {
        if (size >= cap) {
          return -1;
        }
        slots[at >>> SEG_BITS][at & SEG_MASK] = key;
        size++;
        if (size * 2 > capacity) {
          grow();
          at = find(key);
        }
        return at << 1 | 1;
      }
    }
  }

  /** The mark beside the element at {@code at} (from {@link #addAt}, shifted back); sets with marks only. */
  long mark(int at) {
    return slots[(at + 1) >>> SEG_BITS][(at + 1) & SEG_MASK];
  }

  void setMark(int at, long mark) {
    slots[(at + 1) >>> SEG_BITS][(at + 1) & SEG_MASK] = mark;
  }

  /** Loads, with no effect, the slot where the search for {@code key} starts; returns what is there. */
  long touch(long key) {
    int at = (mix(key) & (capacity - 1)) * stride;
    return slots[at >>> SEG_BITS][at & SEG_MASK];
  }

  boolean contains(long key) {
    return find(key) >= 0;
  }

  int size() {
    return size;
  }

  /** Calls {@code action} for every element, in no particular order. */
  void forEach(LongConsumer action) {
    for (long[] seg : slots) {
      for (int j = 0; j < seg.length; j += stride) {
        if (seg[j] != 0) {
          action.accept(seg[j]);
        }
      }
    }
  }

  /** Heap held by the slot array, for the memory figures. */
  long retainedBytes() {
    return 16L + 16L * slots.length + 8L * stride * capacity;
  }

  /** Forgets every element and gives back the memory. */
  void clear() {
    slots = newSlots(MIN_CAPACITY * stride);
    capacity = MIN_CAPACITY;
    size = 0;
  }

  /** Where {@code key} is (a long's position), or -1. */
  private int find(long key) {
    int mask = capacity - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      int at = i * stride;
      long s = slots[at >>> SEG_BITS][at & SEG_MASK];
      if (s == key) {
        return at;
      }
      if (s == 0) {
        return -1;
      }
    }
  }

  private static long[][] newSlots(int longs) {
    int segLen = Math.min(longs, 1 << SEG_BITS);
    long[][] segs = new long[longs / segLen][];
    for (int i = 0; i < segs.length; i++) {
      segs[i] = new long[segLen];
    }
    return segs;
  }

  private void grow() {
    long[][] old = slots;
    int newCapacity = capacity * 2;
    long[][] bigger = newSlots(newCapacity * stride);
    int mask = newCapacity - 1;
    for (long[] seg : old) {
      for (int j = 0; j < seg.length; j += stride) {
        long s = seg[j];
        if (s != 0) {
          int i = mix(s) & mask;
          while (bigger[i * stride >>> SEG_BITS][i * stride & SEG_MASK] != 0) {
            i = (i + 1) & mask;
          }
          int at = i * stride;
          bigger[at >>> SEG_BITS][at & SEG_MASK] = s;
          if (stride == 2) {
            bigger[(at + 1) >>> SEG_BITS][(at + 1) & SEG_MASK] = seg[j + 1];
          }
        }
      }
    }
    slots = bigger;
    capacity = newCapacity;
  }

  static int mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32) ^ (h >>> 17));
  }
}
