package org.proximity.gateway.bucket;

import java.util.function.LongConsumer;

/**
 * A bounded set of non-zero longs: open addressing with linear probing over {@code long[]}
 * segments of at most 2^{@value #SEG_BITS} slots (256 KB, never humongous for G1), 8 bytes a slot,
 * at most half full (16–32 bytes per element), growing by doubling up to the size its cap needs and
 * never further. Exact: it never loses or invents an element, so distinct
 * counts of a small crowd are exact; past the cap it refuses new elements and the caller counts
 * them as overflow.
 *
 * <p>Not thread-safe.
 */
final class LongSet {
  static final int SEG_BITS = 15;
  private static final int MIN_CAPACITY = 16;
  private static final int SEG_MASK = (1 << SEG_BITS) - 1;

  private final int cap;
  private long[][] slots = newSlots(MIN_CAPACITY);
  private int capacity = MIN_CAPACITY;
  private int size;

  /** What {@link #add} did. */
  enum Added { NEW, PRESENT, FULL }

  LongSet(int cap) {
    if (cap < 1) {
      throw new IllegalArgumentException("cap must be at least 1");
    }
    this.cap = cap;
  }

  Added add(long key) {
    if (key == 0) {
      throw new IllegalArgumentException("0 is the empty slot");
    }
    int mask = capacity - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      long s = slots[i >>> SEG_BITS][i & SEG_MASK];
      if (s == key) {
        return Added.PRESENT;
      }
      if (s == 0) {
        if (size >= cap) {
          return Added.FULL;
        }
        slots[i >>> SEG_BITS][i & SEG_MASK] = key;
        size++;
        if (size * 2 > capacity) {
          grow();
        }
        return Added.NEW;
      }
    }
  }

  boolean contains(long key) {
    int mask = capacity - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      long s = slots[i >>> SEG_BITS][i & SEG_MASK];
      if (s == key) {
        return true;
      }
      if (s == 0) {
        return false;
      }
    }
  }

  int size() {
    return size;
  }

  /** Calls {@code action} for every element, in no particular order. */
  void forEach(LongConsumer action) {
    for (long[] seg : slots) {
      for (long s : seg) {
        if (s != 0) {
          action.accept(s);
        }
      }
    }
  }

  /** Heap held by the slot array, for the memory figures. */
  long retainedBytes() {
    return 16L + 16L * slots.length + 8L * capacity;
  }

  /** Forgets every element and gives back the memory. */
  void clear() {
    slots = newSlots(MIN_CAPACITY);
    capacity = MIN_CAPACITY;
    size = 0;
  }

  private static long[][] newSlots(int capacity) {
    int segLen = Math.min(capacity, 1 << SEG_BITS);
    long[][] segs = new long[capacity / segLen][];
    for (int i = 0; i < segs.length; i++) {
      segs[i] = new long[segLen];
    }
    return segs;
  }

  private void grow() {
    long[][] old = slots;
    int newCapacity = capacity * 2;
    long[][] bigger = newSlots(newCapacity);
    int mask = newCapacity - 1;
    for (long[] seg : old) {
      for (long s : seg) {
        if (s != 0) {
          int i = mix(s) & mask;
          while (bigger[i >>> SEG_BITS][i & SEG_MASK] != 0) {
            i = (i + 1) & mask;
          }
          bigger[i >>> SEG_BITS][i & SEG_MASK] = s;
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
