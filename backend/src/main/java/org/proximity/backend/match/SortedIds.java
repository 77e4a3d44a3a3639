package org.proximity.backend.match;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The distinct ids of a {@link CandidateIndex} in ascending order (unsigned, as their hex sorts), so
 * that a store looking them up walks its id index once from one end to the other. One sorted array
 * of 8 bytes a candidate: the id's leading bits with the candidate number in the low bits, so no
 * object per id is made before its string. Ids that share those leading bits (rarely more than one)
 * are put in full order and deduplicated among themselves.
 */
final class SortedIds implements Iterator<String> {
  private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final long[] hi;
  private final long[] lo;
  private final long[] keys;
  private final long numberMask;
  private final int[] group = new int[64];
  private int groupSize;
  private int groupNext;
  private int next;

  SortedIds(long[] hi, long[] lo, int size) {
    this.hi = hi;
    this.lo = lo;
    int numberBits = 32 - Integer.numberOfLeadingZeros(Math.max(1, size));
    numberMask = (1L << numberBits) - 1;
    keys = new long[size];
    for (int c = 0; c < size; c++) {
      keys[c] = ((hi[c] ^ Long.MIN_VALUE) & ~numberMask) | c; // flipped: signed order is unsigned order
    }
    Arrays.sort(keys);
  }

  @Override
  public boolean hasNext() {
    fill();
    return groupNext < groupSize;
  }

  @Override
  public String next() {
    fill();
    if (groupNext >= groupSize) {
      throw new NoSuchElementException();
    }
    int c = group[groupNext++];
    byte[] hex = new byte[32];
    hex(hi[c], hex, 0);
    hex(lo[c], hex, 16);
    return new String(hex, StandardCharsets.US_ASCII);
  }

  /** Takes the next run of candidates with the same leading bits, in full order, one per distinct id. */
  private void fill() {
    if (groupNext < groupSize || next == keys.length) {
      return;
    }
    long lead = keys[next] & ~numberMask;
    groupSize = 0;
    groupNext = 0;
    for (; next < keys.length && (keys[next] & ~numberMask) == lead; next++) {
      int c = (int) (keys[next] & numberMask);
      int at = groupSize;
      while (at > 0 && compare(group[at - 1], c) > 0) {
        at--;
      }
      if (at > 0 && compare(group[at - 1], c) == 0) {
        continue; // the same id again
      }
      if (groupSize == group.length) {
        throw new IllegalStateException("more than " + group.length + " candidate ids share their first "
            + Long.bitCount(~numberMask) + " bits"); // ids are HMAC output: not by chance
      }
      System.arraycopy(group, at, group, at + 1, groupSize - at);
      group[at] = c;
      groupSize++;
    }
  }

  private int compare(int a, int b) {
    int byHi = Long.compareUnsigned(hi[a], hi[b]);
    return byHi != 0 ? byHi : Long.compareUnsigned(lo[a], lo[b]);
  }

  private static void hex(long v, byte[] out, int at) {
    for (int i = 15; i >= 0; i--) {
      out[at + i] = DIGITS[(int) v & 0xF];
      v >>>= 4;
    }
  }
}
