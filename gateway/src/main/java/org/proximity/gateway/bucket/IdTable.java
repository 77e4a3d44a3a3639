package org.proximity.gateway.bucket;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.proximity.contract.payload.RssiSummary;
import org.proximity.gateway.ad.DeviceKind;

/**
 * The rolling IDs of one open bucket and their running statistics, in parallel primitive arrays:
 * no object per ID. Records live in pages of {@value #PAGE} records; an {@code int[]} open-addressing
 * index (linear probing, at most half full) maps (kind, raw ID) to a record number.
 *
 * <p>Per record: the raw ID in a 16-byte slot of a {@code byte[]} slab (Bluezone's 12 bytes are
 * padded), one flags byte (ID length, kind, whether an AEM was heard, whether a re-base left it
 * straddling its bucket's end), first and last sighting and
 * the second of the last RSSI reading as {@code int} seconds since the bucket's start, the
 * sightings count, the AEM as {@code int}, RSSI min and max as bytes and a 50-byte histogram
 * ({@link RssiHistogram}): 89 bytes, plus 8–16 bytes of index. {@link #retainedBytes()} adds it up;
 * docs/benchmarks.md "Aggregator memory" has the measured figure.
 *
 * <p>Scan window: a sighting counts once for the RSSI statistics per ID and second (a reading
 * enters min, median and max only when its second differs from that of the last reading that
 * entered), while {@code sightings} counts every report. BlueZ with {@code DuplicateData} reports
 * each advertising event once per primary channel it is received on (37, 38, 39) and a phone
 * advertises every 200–270 ms (GAEN) or faster, so one phone yields up to ~15 reports a second
 * whose RSSI differ only by the channel: counting them all would weight close, fast-advertising
 * phones and depend on the scanner's channel hopping. One remembered second per ID keeps it O(1).
 *
 * <p>{@link #wipe()} zeroes the ID slab and drops every array: raw IDs leave memory when the
 * bucket is published or dropped. Not thread-safe.
 */
final class IdTable {
  static final int PAGE = 256;
  static final int ID_BYTES = 16;
  static final int SEG_BITS = 16;
  private static final int H = RssiHistogram.BINS;
  private static final int KIND_GAEN = 1 << 5;
  private static final int KIND_BLUEZONE = 2 << 5;
  private static final int HAS_AEM = 0x80;
  private static final int KIND_MASK = 0x60;
  private static final int SEG_MASK = (1 << SEG_BITS) - 1;
  private static final int LEN_MASK = 0x0F; // length - 1
  private static final int MISPLACED = 0x10;

  private final int cap;
  private final List<Page> pages = new ArrayList<>();
  /**
   * Index segments of at most 2^{@value #SEG_BITS} ints (256 KB): no array large enough to be
   * humongous for G1 (half a region; regions are at least 1 MB), which would waste up to a region.
   */
  private int[][] index = newIndex(16);
  private int capacity = 16;
  private int size;
  private int gaen;
  private int bluezone;

  /** One page of records, each field in its own array. */
  private static final class Page {
    final byte[] ids = new byte[PAGE * ID_BYTES];
    final byte[] flags = new byte[PAGE];
    final int[] first = new int[PAGE];
    final int[] last = new int[PAGE];
    final int[] rssiSecond = new int[PAGE];
    final int[] sightings = new int[PAGE];
    final int[] aem = new int[PAGE];
    final byte[] min = new byte[PAGE];
    final byte[] max = new byte[PAGE];
    final byte[] hist = new byte[PAGE * H];
    final int[] crowdMark = new int[PAGE];

    long bytes() {
      // array headers (16 B each) plus payload, as a 64-bit JVM with compressed oops lays them out
      return 16L * 12 + PAGE * (ID_BYTES + 1 + 4 * 6 + 2 + H) + 4L * 11;
    }
  }

  IdTable(int cap) {
    this.cap = cap;
  }

  int size() {
    return size;
  }

  int distinct(DeviceKind kind) {
    return kind == DeviceKind.GAEN ? gaen : kind == DeviceKind.BLUEZONE ? bluezone : 0;
  }

  /**
   * Records a sighting at {@code second} (since the bucket start). Returns the record, or -1,
   * recording nothing, when the ID is new and the table is at its cap.
   */
  int sight(DeviceKind kind, byte[] id, byte[] aem, int second, int rssi) {
    int flags = flags(kind, id, aem);
    int r = findOrAdd(flags, id, 0);
    if (r < 0) {
      return -1;
    }
    Page p = pages.get(r / PAGE);
    int o = r % PAGE;
    int clamped = RssiHistogram.clamp(rssi);
    if (p.sightings[o] == 0) {
      p.first[o] = second;
      p.last[o] = second;
      p.rssiSecond[o] = second;
      p.min[o] = (byte) clamped;
      p.max[o] = (byte) clamped;
      RssiHistogram.add(p.hist, o * H, clamped);
      if (aem != null) {
        p.aem[o] = packAem(aem);
      }
      p.sightings[o] = 1;
      return r;
    }
    p.sightings[o] = saturatingAdd(p.sightings[o], 1);
    p.first[o] = Math.min(p.first[o], second);
    p.last[o] = Math.max(p.last[o], second);
    if (second != p.rssiSecond[o]) {
      p.rssiSecond[o] = second;
      p.min[o] = (byte) Math.min(p.min[o], clamped);
      p.max[o] = (byte) Math.max(p.max[o], clamped);
      RssiHistogram.add(p.hist, o * H, clamped);
    }
    return r;
  }

  /**
   * Adds record {@code r} of {@code from} to this table with its times moved by {@code shift}
   * seconds, merging with a record of the same ID; {@code lastCap} bounds the moved last sighting.
   * Returns false when the ID is new here and the table is at its cap.
   */
  boolean mergeFrom(IdTable from, int r, int shift, int lastCap) {
    Page fp = from.pages.get(r / PAGE);
    int fo = r % PAGE;
    int first = fp.first[fo] + shift;
    int last = Math.max(first, Math.min(lastCap, fp.last[fo] + shift));
    int rssiSecond = fp.rssiSecond[fo] + shift;
    int t = findOrAdd(fp.flags[fo] & 0xFF, fp.ids, fo * ID_BYTES);
    if (t < 0) {
      return false;
    }
    Page p = pages.get(t / PAGE);
    int o = t % PAGE;
    if (fp.last[fo] + shift > lastCap || (fp.flags[fo] & MISPLACED) != 0) {
      p.flags[o] |= MISPLACED;
    }
    if (p.sightings[o] == 0) {
      p.first[o] = first;
      p.last[o] = last;
      p.rssiSecond[o] = rssiSecond;
      p.min[o] = fp.min[fo];
      p.max[o] = fp.max[fo];
      p.aem[o] = fp.aem[fo];
      System.arraycopy(fp.hist, fo * H, p.hist, o * H, H);
      p.sightings[o] = fp.sightings[fo];
      return true;
    }
    p.first[o] = Math.min(p.first[o], first);
    p.last[o] = Math.max(p.last[o], last);
    p.rssiSecond[o] = Math.max(p.rssiSecond[o], rssiSecond);
    p.min[o] = (byte) Math.min(p.min[o], fp.min[fo]);
    p.max[o] = (byte) Math.max(p.max[o], fp.max[fo]);
    p.sightings[o] = saturatingAdd(p.sightings[o], fp.sightings[fo]);
    RssiHistogram.merge(p.hist, o * H, fp.hist, fo * H);
    return true;
  }

  /**
   * What the aggregator last noted about record {@code r} for the crowd counter (0: nothing; a new
   * record and one merged by a re-base start at 0 or keep a note the aggregator no longer honours).
   */
  int crowdMark(int r) {
    return pages.get(r / PAGE).crowdMark[r % PAGE];
  }

  void setCrowdMark(int r, int mark) {
    pages.get(r / PAGE).crowdMark[r % PAGE] = mark;
  }

  /** Whether a re-base left record {@code r} straddling its bucket's end (last cut). */
  boolean misplaced(int r) {
    return (flags(r) & MISPLACED) != 0;
  }

  DeviceKind kind(int r) {
    return (flags(r) & KIND_MASK) == KIND_GAEN ? DeviceKind.GAEN : DeviceKind.BLUEZONE;
  }

  /** A copy of record {@code r}'s raw ID: the caller zeroes it when done. */
  byte[] copyId(int r) {
    int o = (r % PAGE) * ID_BYTES;
    return Arrays.copyOfRange(pages.get(r / PAGE).ids, o, o + (flags(r) & LEN_MASK) + 1);
  }

  int first(int r) {
    return pages.get(r / PAGE).first[r % PAGE];
  }

  int last(int r) {
    return pages.get(r / PAGE).last[r % PAGE];
  }

  int sightings(int r) {
    return pages.get(r / PAGE).sightings[r % PAGE];
  }

  /** The AEM as broadcast (4 bytes), or null when none was heard. */
  byte[] aem(int r) {
    if ((flags(r) & HAS_AEM) == 0) {
      return null;
    }
    int a = pages.get(r / PAGE).aem[r % PAGE];
    return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
  }

  RssiSummary rssi(int r) {
    Page p = pages.get(r / PAGE);
    int o = r % PAGE;
    return RssiHistogram.summary(p.hist, o * H, p.min[o], p.max[o]);
  }

  /** Heap held by this table (arrays and their headers; the small objects around them excluded). */
  long retainedBytes() {
    long b = 16L + 16L * index.length + 4L * capacity;
    for (Page p : pages) {
      b += p.bytes();
    }
    return b;
  }

  /** Zeroes the raw IDs and drops every array. The table is empty afterwards. */
  void wipe() {
    for (Page p : pages) {
      Arrays.fill(p.ids, (byte) 0);
    }
    pages.clear();
    index = newIndex(16);
    capacity = 16;
    size = 0;
    gaen = 0;
    bluezone = 0;
  }

  private int flags(int r) {
    return pages.get(r / PAGE).flags[r % PAGE] & 0xFF;
  }

  private static int flags(DeviceKind kind, byte[] id, byte[] aem) {
    if (id.length < 1 || id.length > ID_BYTES) {
      throw new IllegalArgumentException("a rolling ID has 1 to 16 bytes, was " + id.length);
    }
    int k = switch (kind) {
      case GAEN -> KIND_GAEN;
      case BLUEZONE -> KIND_BLUEZONE;
      default -> throw new IllegalArgumentException("only gaen and bluezone carry rolling IDs, not " + kind);
    };
    if (aem != null && aem.length != 4) {
      throw new IllegalArgumentException("an AEM has 4 bytes, was " + aem.length);
    }
    return k | (id.length - 1) | (aem != null ? HAS_AEM : 0);
  }

  private static int packAem(byte[] a) {
    return (a[0] & 0xFF) << 24 | (a[1] & 0xFF) << 16 | (a[2] & 0xFF) << 8 | (a[3] & 0xFF);
  }

  private static int saturatingAdd(int a, int b) {
    long s = (long) a + b;
    return s > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) s;
  }

  /**
   * The record of (flags' kind, id), added empty (sightings 0) if new; -1 if new and full. The ID is
   * {@code src[off .. off + len)} with the length from {@code flags}. The AEM flag is not part of
   * the key: a record keeps the AEM flag of its first sighting.
   */
  private int findOrAdd(int flags, byte[] src, int off) {
    int len = (flags & LEN_MASK) + 1;
    int key = flags & (KIND_MASK | LEN_MASK);
    int mask = capacity - 1;
    for (int i = hash(key, src, off, len) & mask; ; i = (i + 1) & mask) {
      int slot = index[i >>> SEG_BITS][i & SEG_MASK];
      if (slot == 0) {
        if (size >= cap) {
          return -1;
        }
        int r = size;
        if (r / PAGE == pages.size()) {
          pages.add(new Page());
        }
        Page p = pages.get(r / PAGE);
        int o = r % PAGE;
        p.flags[o] = (byte) (flags & ~MISPLACED);
        System.arraycopy(src, off, p.ids, o * ID_BYTES, len);
        index[i >>> SEG_BITS][i & SEG_MASK] = r + 1;
        size++;
        if ((flags & KIND_MASK) == KIND_GAEN) {
          gaen++;
        } else {
          bluezone++;
        }
        if (size * 2 > capacity) {
          grow();
        }
        return r;
      }
      int r = slot - 1;
      if ((flags(r) & (KIND_MASK | LEN_MASK)) == key && sameId(r, src, off, len)) {
        return r;
      }
    }
  }

  private boolean sameId(int r, byte[] src, int off, int len) {
    int o = (r % PAGE) * ID_BYTES;
    return Arrays.equals(pages.get(r / PAGE).ids, o, o + len, src, off, off + len);
  }

  private static int[][] newIndex(int cap) {
    int segLen = Math.min(cap, 1 << SEG_BITS);
    int[][] segs = new int[cap / segLen][];
    for (int i = 0; i < segs.length; i++) {
      segs[i] = new int[segLen];
    }
    return segs;
  }

  private void grow() {
    int newCapacity = capacity * 2;
    int[][] bigger = newIndex(newCapacity);
    int mask = newCapacity - 1;
    for (int r = 0; r < size; r++) {
      int f = flags(r);
      int i = hash(f & (KIND_MASK | LEN_MASK), pages.get(r / PAGE).ids, (r % PAGE) * ID_BYTES, (f & LEN_MASK) + 1)
          & mask;
      while (bigger[i >>> SEG_BITS][i & SEG_MASK] != 0) {
        i = (i + 1) & mask;
      }
      bigger[i >>> SEG_BITS][i & SEG_MASK] = r + 1;
    }
    index = bigger;
    capacity = newCapacity;
  }

  /** A 64-bit fingerprint of (kind, raw ID), never zero: what {@link CrowdCounter} keeps per minute. */
  static long fingerprint(DeviceKind kind, byte[] id) {
    long h = 0xCBF29CE484222325L ^ kind.ordinal();
    for (byte b : id) {
      h = (h ^ (b & 0xFF)) * 0x100000001B3L;
    }
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    return h == 0 ? 1 : h;
  }

  private static int hash(int key, byte[] src, int off, int len) {
    int h = key;
    for (int i = 0; i < len; i++) {
      h = h * 31 + src[off + i];
    }
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
