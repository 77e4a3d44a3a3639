package org.proximity.gateway.bucket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.proximity.contract.payload.RssiSummary;
import org.proximity.gateway.ad.DeviceKind;

/**
 * The rolling IDs of one open bucket and their running statistics, in primitive arrays: no object
 * per ID. Records live in pages of {@value #PAGE} records; an {@code int[]} open-addressing index
 * (linear probing, at most half full) maps (kind, raw ID) to a record number.
 *
 * <p>A record is {@value #REC} consecutive bytes of its page's {@code byte[]}, so that a sighting
 * touches one or two cache lines rather than one per field (with 100,000 IDs every record is a
 * cache miss: docs/benchmarks.md "Distinct IDs"): the raw ID in a 16-byte slot (Bluezone's 12 bytes
 * are padded with zeros), one flags byte (ID length, kind, whether an AEM was heard, whether a
 * re-base left it straddling its bucket's end), RSSI min and max as bytes, first and last sighting
 * and the second of the last RSSI reading as {@code int} seconds since the bucket's start, the
 * sightings count, the AEM as {@code int} and the aggregator's crowd note. The 50-byte histogram
 * ({@link RssiHistogram}), touched at most once a second, lies in a slab of its own. 94 bytes per
 * record, plus 8–16 bytes of index. {@link #retainedBytes()} adds it up; docs/benchmarks.md
 * "Aggregator memory" has the measured figure. An index slot holds the record's number + 1 in its
 * low {@value #REC_BITS} bits and the top 8 bits of the ID's hash above them: a probe passes over
 * another ID's slot without reading its record (among 100,000 IDs each such read is a cache miss).
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
  /** Bytes per record; the offsets of its fields follow. */
  static final int REC = 44;
  static final int KIND_GAEN = 1 << 5;
  static final int KIND_BLUEZONE = 2 << 5;
  static final int HAS_AEM = 0x80;
  static final int KIND_MASK = 0x60;
  static final int LEN_MASK = 0x0F; // length - 1
  /** Bits of an index slot for the record's number + 1; the rest hold the hash's tag. */
  static final int REC_BITS = 24;
  /** The most records a table may hold (the configuration allows 10,000,000). */
  static final int MAX_CAP = (1 << REC_BITS) - 2;
  private static final int F_FLAGS = 16;
  private static final int F_MIN = 17;
  private static final int F_MAX = 18;
  private static final int F_FIRST = 20;
  private static final int F_LAST = 24;
  private static final int F_RSSI_SECOND = 28;
  private static final int F_SIGHTINGS = 32;
  private static final int F_AEM = 36;
  private static final int F_CROWD = 40; // up to 44
  private static final int H = RssiHistogram.BINS;
  private static final int SEG_MASK = (1 << SEG_BITS) - 1;
  private static final int REC_MASK = (1 << REC_BITS) - 1;
  private static final int TAG_MASK = ~REC_MASK;
  private static final int MISPLACED = 0x10;
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final int cap;
  private Page[] pages = new Page[0];
  private int pageCount;
  /**
   * Index segments of at most 2^{@value #SEG_BITS} ints (256 KB): no array large enough to be
   * humongous for G1 (half a region; regions are at least 1 MB), which would waste up to a region.
   */
  private int[][] index = newIndex(16);
  private int capacity = 16;
  private int size;
  private int gaen;
  private int bluezone;

  /** One page of records. */
  private static final class Page {
    final byte[] rec = new byte[PAGE * REC];
    final byte[] hist = new byte[PAGE * H];

    static long bytes() {
      // two arrays' headers (16 B each) plus payload, as a 64-bit JVM with compressed oops lays them out
      return 16L * 2 + PAGE * (REC + H);
    }
  }

  IdTable(int cap) {
    if (cap < 1 || cap > MAX_CAP) {
      throw new IllegalArgumentException("an ID table holds 1 to " + MAX_CAP + " records, was asked for " + cap);
    }
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
    int flags = flags(kind, id.length, aem != null);
    if (aem != null && aem.length != 4) {
      throw new IllegalArgumentException("an AEM has 4 bytes, was " + aem.length);
    }
    long w0 = word(id, 0, id.length, 0);
    long w1 = word(id, 0, id.length, 1);
    return sight(flags, w0, w1, keyHash(flags, w0, w1), aem == null ? 0 : packAem(aem), second, rssi);
  }

  /**
   * The same, for an ID given as {@link #flags}, its two {@link #word}s and their {@link #keyHash}
   * (taken once per sighting, by whoever also loads ahead with it), and its AEM packed ({@link
   * #packAem}; ignored unless the flags say one was heard).
   */
  int sight(int flags, long w0, long w1, int hash, int aem, int second, int rssi) {
    int r = findOrAdd(flags, w0, w1, hash);
    if (r < 0) {
      return -1;
    }
    Page p = pages[r / PAGE];
    byte[] b = p.rec;
    int o = (r % PAGE) * REC;
    int clamped = RssiHistogram.clamp(rssi);
    int sightings = getInt(b, o + F_SIGHTINGS);
    if (sightings == 0) {
      setInt(b, o + F_FIRST, second);
      setInt(b, o + F_LAST, second);
      setInt(b, o + F_RSSI_SECOND, second);
      b[o + F_MIN] = (byte) clamped;
      b[o + F_MAX] = (byte) clamped;
      RssiHistogram.add(p.hist, (r % PAGE) * H, clamped);
      if ((flags & HAS_AEM) != 0) {
        setInt(b, o + F_AEM, aem);
      }
      setInt(b, o + F_SIGHTINGS, 1);
      return r;
    }
    setInt(b, o + F_SIGHTINGS, saturatingAdd(sightings, 1));
    setInt(b, o + F_FIRST, Math.min(getInt(b, o + F_FIRST), second));
    setInt(b, o + F_LAST, Math.max(getInt(b, o + F_LAST), second));
    if (second != getInt(b, o + F_RSSI_SECOND)) {
      setInt(b, o + F_RSSI_SECOND, second);
      b[o + F_MIN] = (byte) Math.min(b[o + F_MIN], clamped);
      b[o + F_MAX] = (byte) Math.max(b[o + F_MAX], clamped);
      RssiHistogram.add(p.hist, (r % PAGE) * H, clamped);
    }
    return r;
  }

  /**
   * Loads, and returns, the index slot where the search for this ID starts: a read with no effect,
   * so that a run of sightings can have their cache misses in flight together ({@code
   * EncounterAggregator.sightAll}). {@link #touchRecord} follows it.
   */
  int touchIndex(int hash) {
    int i = hash & (capacity - 1);
    return index[i >>> SEG_BITS][i & SEG_MASK];
  }

  /**
   * Loads the record the search for {@code hash} would read first (of the first slot with its tag),
   * if any: its first and last byte (it may straddle two cache lines) and its histogram bin for
   * {@code rssi}; also no effect. Returns a sum of bytes of them.
   */
  int touchRecord(int hash, int rssi) {
    int tag = hash & TAG_MASK;
    int mask = capacity - 1;
    int slot;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      slot = index[i >>> SEG_BITS][i & SEG_MASK];
      if (slot == 0) {
        return 0;
      }
      if ((slot & TAG_MASK) == tag) {
        break;
      }
    }
    int r = (slot & REC_MASK) - 1;
    Page p = pages[r / PAGE];
    int o = (r % PAGE) * REC;
    return p.rec[o] + p.rec[o + REC - 1] + p.hist[(r % PAGE) * H + RssiHistogram.binOf(RssiHistogram.clamp(rssi))];
  }

  /**
   * Adds record {@code r} of {@code from} to this table with its times moved by {@code shift}
   * seconds, merging with a record of the same ID; {@code lastCap} bounds the moved last sighting.
   * Returns false when the ID is new here and the table is at its cap.
   */
  boolean mergeFrom(IdTable from, int r, int shift, int lastCap) {
    Page fp = from.pages[r / PAGE];
    byte[] fb = fp.rec;
    int fo = (r % PAGE) * REC;
    int fromFlags = fb[fo + F_FLAGS] & 0xFF;
    int fromLast = getInt(fb, fo + F_LAST);
    int first = getInt(fb, fo + F_FIRST) + shift;
    int last = Math.max(first, Math.min(lastCap, fromLast + shift));
    int rssiSecond = getInt(fb, fo + F_RSSI_SECOND) + shift;
    long w0 = (long) LONG.get(fb, fo);
    long w1 = (long) LONG.get(fb, fo + 8);
    int t = findOrAdd(fromFlags, w0, w1, keyHash(fromFlags, w0, w1));
    if (t < 0) {
      return false;
    }
    Page p = pages[t / PAGE];
    byte[] b = p.rec;
    int o = (t % PAGE) * REC;
    if (fromLast + shift > lastCap || (fromFlags & MISPLACED) != 0) {
      b[o + F_FLAGS] |= MISPLACED;
    }
    int sightings = getInt(b, o + F_SIGHTINGS);
    int fromSightings = getInt(fb, fo + F_SIGHTINGS);
    if (sightings == 0) {
      setInt(b, o + F_FIRST, first);
      setInt(b, o + F_LAST, last);
      setInt(b, o + F_RSSI_SECOND, rssiSecond);
      b[o + F_MIN] = fb[fo + F_MIN];
      b[o + F_MAX] = fb[fo + F_MAX];
      setInt(b, o + F_AEM, getInt(fb, fo + F_AEM));
      System.arraycopy(fp.hist, (r % PAGE) * H, p.hist, (t % PAGE) * H, H);
      setInt(b, o + F_SIGHTINGS, fromSightings);
      return true;
    }
    setInt(b, o + F_FIRST, Math.min(getInt(b, o + F_FIRST), first));
    setInt(b, o + F_LAST, Math.max(getInt(b, o + F_LAST), last));
    setInt(b, o + F_RSSI_SECOND, Math.max(getInt(b, o + F_RSSI_SECOND), rssiSecond));
    b[o + F_MIN] = (byte) Math.min(b[o + F_MIN], fb[fo + F_MIN]);
    b[o + F_MAX] = (byte) Math.max(b[o + F_MAX], fb[fo + F_MAX]);
    setInt(b, o + F_SIGHTINGS, saturatingAdd(sightings, fromSightings));
    RssiHistogram.merge(p.hist, (t % PAGE) * H, fp.hist, (r % PAGE) * H);
    return true;
  }

  /**
   * What the aggregator last noted about record {@code r} for the crowd counter (0: nothing; a new
   * record and one merged by a re-base start at 0 or keep a note the aggregator no longer honours).
   */
  int crowdMark(int r) {
    return getInt(pages[r / PAGE].rec, (r % PAGE) * REC + F_CROWD);
  }

  void setCrowdMark(int r, int mark) {
    setInt(pages[r / PAGE].rec, (r % PAGE) * REC + F_CROWD, mark);
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
    int o = (r % PAGE) * REC;
    return Arrays.copyOfRange(pages[r / PAGE].rec, o, o + (flags(r) & LEN_MASK) + 1);
  }

  int first(int r) {
    return field(r, F_FIRST);
  }

  int last(int r) {
    return field(r, F_LAST);
  }

  int sightings(int r) {
    return field(r, F_SIGHTINGS);
  }

  /** The AEM as broadcast (4 bytes), or null when none was heard. */
  byte[] aem(int r) {
    if ((flags(r) & HAS_AEM) == 0) {
      return null;
    }
    int a = field(r, F_AEM);
    return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
  }

  RssiSummary rssi(int r) {
    Page p = pages[r / PAGE];
    int o = (r % PAGE) * REC;
    return RssiHistogram.summary(p.hist, (r % PAGE) * H, p.rec[o + F_MIN], p.rec[o + F_MAX]);
  }

  /** Heap held by this table (arrays and their headers; the small objects around them excluded). */
  long retainedBytes() {
    return 16L + 16L * index.length + 4L * capacity + 16L + 4L * pages.length + pageCount * Page.bytes();
  }

  /** Zeroes the raw IDs and drops every array. The table is empty afterwards. */
  void wipe() {
    for (int i = 0; i < pageCount; i++) {
      Arrays.fill(pages[i].rec, (byte) 0);
    }
    pages = new Page[0];
    pageCount = 0;
    index = newIndex(16);
    capacity = 16;
    size = 0;
    gaen = 0;
    bluezone = 0;
  }

  private int field(int r, int offset) {
    return getInt(pages[r / PAGE].rec, (r % PAGE) * REC + offset);
  }

  private int flags(int r) {
    return pages[r / PAGE].rec[(r % PAGE) * REC + F_FLAGS] & 0xFF;
  }

  private static int getInt(byte[] b, int at) {
    return (int) INT.get(b, at);
  }

  private static void setInt(byte[] b, int at, int v) {
    INT.set(b, at, v);
  }

  /** The flags byte of a sighting: kind, ID length, whether an AEM came with it. */
  static int flags(DeviceKind kind, int idLength, boolean hasAem) {
    if (idLength < 1 || idLength > ID_BYTES) {
      throw new IllegalArgumentException("a rolling ID has 1 to 16 bytes, was " + idLength);
    }
    int k = switch (kind) {
      case GAEN -> KIND_GAEN;
      case BLUEZONE -> KIND_BLUEZONE;
      default -> throw new IllegalArgumentException("only gaen and bluezone carry rolling IDs, not " + kind);
    };
    return k | (idLength - 1) | (hasAem ? HAS_AEM : 0);
  }

  /**
   * Bytes {@code 8k .. 8k + 8} of the ID {@code src[off .. off + len)} zero-padded to 16 bytes, as
   * a little-endian long ({@code k} is 0 or 1): how a record holds its ID.
   */
  static long word(byte[] src, int off, int len, int k) {
    int from = 8 * k;
    if (len >= from + 8) {
      return (long) LONG.get(src, off + from);
    }
    long w = 0;
    for (int i = Math.min(len, from + 8) - 1; i >= from; i--) {
      w = w << 8 | (src[off + i] & 0xFF);
    }
    return w;
  }

  static int packAem(byte[] a) {
    return packAem(a, 0);
  }

  /** The 4 AEM bytes at {@code a[off ..]} as one int, first byte highest. */
  static int packAem(byte[] a, int off) {
    return (a[off] & 0xFF) << 24 | (a[off + 1] & 0xFF) << 16 | (a[off + 2] & 0xFF) << 8 | (a[off + 3] & 0xFF);
  }

  private static int saturatingAdd(int a, int b) {
    long s = (long) a + b;
    return s > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) s;
  }

  /**
   * The record of (flags' kind and length, ID words), added empty (sightings 0) if new; -1 if new
   * and full. The AEM flag is not part of the key: a record keeps the AEM flag of its first sighting.
   */
  private int findOrAdd(int flags, long w0, long w1, int hash) {
    int key = flags & (KIND_MASK | LEN_MASK);
    int tag = hash & TAG_MASK;
    int mask = capacity - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      int slot = index[i >>> SEG_BITS][i & SEG_MASK];
      if (slot == 0) {
        if (size >= cap) {
          return -1;
        }
        int r = size;
        if (r / PAGE == pageCount) {
          if (pageCount == pages.length) {
            pages = Arrays.copyOf(pages, Math.max(4, 2 * pageCount));
          }
          pages[pageCount++] = new Page();
        }
        byte[] b = pages[r / PAGE].rec;
        int o = (r % PAGE) * REC;
        LONG.set(b, o, w0);
        LONG.set(b, o + 8, w1);
        b[o + F_FLAGS] = (byte) (flags & ~MISPLACED);
        index[i >>> SEG_BITS][i & SEG_MASK] = (r + 1) | tag;
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
      if ((slot & TAG_MASK) != tag) {
        continue; // another ID's: its record stays unread
      }
      int r = (slot & REC_MASK) - 1;
      byte[] b = pages[r / PAGE].rec;
      int o = (r % PAGE) * REC;
      if ((b[o + F_FLAGS] & (KIND_MASK | LEN_MASK)) == key && (long) LONG.get(b, o) == w0 && (long) LONG.get(b, o + 8) == w1) {
        return r;
      }
    }
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
      byte[] b = pages[r / PAGE].rec;
      int o = (r % PAGE) * REC;
      int h = hash(b[o + F_FLAGS] & (KIND_MASK | LEN_MASK), (long) LONG.get(b, o), (long) LONG.get(b, o + 8));
      int i = h & mask;
      while (bigger[i >>> SEG_BITS][i & SEG_MASK] != 0) {
        i = (i + 1) & mask;
      }
      bigger[i >>> SEG_BITS][i & SEG_MASK] = (r + 1) | (h & TAG_MASK);
    }
    index = bigger;
    capacity = newCapacity;
  }

  /** A 64-bit fingerprint of (kind, raw ID), never zero: what {@link CrowdCounter} keeps per minute. */
  static long fingerprint(DeviceKind kind, byte[] id) {
    return fingerprint(kind, word(id, 0, id.length, 0), word(id, 0, id.length, 1), id.length);
  }

  /** The same of the ID of {@code len} bytes held as two {@link #word}s. */
  static long fingerprint(DeviceKind kind, long w0, long w1, int len) {
    long h = 0xCBF29CE484222325L ^ kind.ordinal();
    for (int i = 0; i < len; i++) {
      long b = (i < 8 ? w0 >>> (8 * i) : w1 >>> (8 * (i - 8))) & 0xFF;
      h = (h ^ b) * 0x100000001B3L;
    }
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    return h == 0 ? 1 : h;
  }

  /**
   * Where the search for an ID of these {@link #flags} (their kind and length) and words starts,
   * before masking to the capacity.
   */
  static int keyHash(int flags, long w0, long w1) {
    return hash(flags & (KIND_MASK | LEN_MASK), w0, w1);
  }

  private static int hash(int key, long w0, long w1) {
    long h = (w0 * 0x9E3779B97F4A7C15L) ^ (w1 + key) * 0xC2B2AE3D27D4EB4FL;
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    return (int) (h ^ (h >>> 32));
  }
}
