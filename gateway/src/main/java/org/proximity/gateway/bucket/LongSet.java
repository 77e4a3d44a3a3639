package org.proximity.gateway.bucket;

/**
 * A bounded set of non-zero longs: open addressing with linear probing over one {@code long[]}
 * (8 bytes a slot, at most half full, so 16–32 bytes per element), growing by doubling up to the
 * size its cap needs and never further. Exact: it never loses or invents an element, so distinct
 * counts of a small crowd are exact; past the cap it refuses new elements and the caller counts
 * them as overflow.
 *
 * <p>Not thread-safe.
 */
final class LongSet {
  /** What {@link #add} did. */
  enum Added { NEW, PRESENT, FULL }

  private static final int MIN_CAPACITY = 16;
  private final int cap;
  private long[] slots = new long[MIN_CAPACITY];
  private int size;

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
    int mask = slots.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      long s = slots[i];
      if (s == key) {
        return Added.PRESENT;
      }
      if (s == 0) {
        if (size >= cap) {
          return Added.FULL;
        }
        slots[i] = key;
        size++;
        if (size * 2 > slots.length) {
          grow();
        }
        return Added.NEW;
      }
    }
  }

  boolean contains(long key) {
    int mask = slots.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      long s = slots[i];
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
  void forEach(java.util.function.LongConsumer action) {
    for (long s : slots) {
      if (s != 0) {
        action.accept(s);
      }
    }
  }

  /** Heap held by the slot array, for the memory figures. */
  long retainedBytes() {
    return 16L + 8L * slots.length;
  }

  /** Forgets every element and gives back the memory. */
  void clear() {
    java.util.Arrays.fill(slots, 0L);
    slots = new long[MIN_CAPACITY];
    size = 0;
  }

  private void grow() {
    long[] old = slots;
    long[] bigger = new long[old.length * 2];
    int mask = bigger.length - 1;
    for (long s : old) {
      if (s != 0) {
        int i = mix(s) & mask;
        while (bigger[i] != 0) {
          i = (i + 1) & mask;
        }
        bigger[i] = s;
      }
    }
    slots = bigger;
  }

  static int mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32) ^ (h >>> 17));
  }
}
