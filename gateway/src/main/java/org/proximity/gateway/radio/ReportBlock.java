package org.proximity.gateway.radio;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Up to {@value #CAPACITY} advertising reports in primitive arrays, their data bytes one after
 * another in one slab: what a source with reports in bulk (a capture file) hands over in place of
 * {@link Advertisement} objects. At millions of reports a second, four objects a report are most of
 * what the collector copies when a young collection finds them waiting in the pipeline's queue
 * (docs/benchmarks.md "Report blocks").
 *
 * <p>A block has one owner at a time: the source fills it, {@link AdvertisementSink#acceptBlock}
 * hands it over, and whoever is done with it calls {@link #release}, which empties it and returns it
 * to its {@link Pool}, if it has one. Reuse pays where one thread fills and processes; between two
 * threads a new block is cheaper than one the other core read last. Like an {@link Advertisement}
 * it holds addresses and raw advertising data in RAM only, and {@link #toString()} prints neither.
 * Not thread-safe.
 */
public final class ReportBlock {
  /** Reports per block: the length of a run ({@link AdvertisementRuns#RUN}). */
  public static final int CAPACITY = AdvertisementRuns.RUN;
  /** Slab bytes a block starts with: room for a legacy report's 31 bytes each; it grows for extended data. */
  private static final int FIRST_SLAB = CAPACITY * 32;

  private final Pool pool;
  private final long[] epochSecond = new long[CAPACITY];
  private final int[] nano = new int[CAPACITY];
  private final long[] address = new long[CAPACITY];
  private final AddressType[] addressType = new AddressType[CAPACITY];
  private final int[] rssi = new int[CAPACITY];
  private final boolean[] extended = new boolean[CAPACITY];
  /** Report i's data is {@code data[end[i - 1] .. end[i])}, from 0 for the first. */
  private final int[] end = new int[CAPACITY];
  private byte[] data = new byte[FIRST_SLAB];
  private int size;
  /** Whether the block waits in its pool: a second release would hand one block to two owners. */
  private boolean free;

  /** A block of no pool: {@link #release} only empties it. */
  public ReportBlock() {
    this(null);
  }

  private ReportBlock(Pool pool) {
    this.pool = pool;
  }

  /** Blocks for one source, reused once released; makes a new one when none is free. Any thread. */
  public static final class Pool {
    private final ConcurrentLinkedQueue<ReportBlock> free = new ConcurrentLinkedQueue<>();

    /** An empty block, released or new. */
    public ReportBlock take() {
      ReportBlock b = free.poll();
      if (b == null) {
        return new ReportBlock(this);
      }
      b.free = false;
      return b;
    }

    /** Blocks released and not taken again (tests). */
    int free() {
      return free.size();
    }
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public boolean isFull() {
    return size == CAPACITY;
  }

  /**
   * Appends a report heard at {@code epochSecond} + {@code nano} from {@code address} (48 bits),
   * its data {@code src[off .. off + len)} copied in.
   *
   * @throws IllegalStateException when the block is full
   */
  public void add(long epochSecond, int nano, AddressType addressType, long address, int rssi,
      byte[] src, int off, int len, boolean extended) {
    if (size == CAPACITY) {
      throw new IllegalStateException("the block is full");
    }
    Objects.checkFromIndexSize(off, len, src.length);
    int i = size;
    int from = i == 0 ? 0 : end[i - 1];
    if (from + len > data.length) {
      data = Arrays.copyOf(data, Math.max(data.length * 2, from + len));
    }
    System.arraycopy(src, off, data, from, len);
    this.epochSecond[i] = epochSecond;
    this.nano[i] = nano;
    this.address[i] = address;
    this.addressType[i] = Objects.requireNonNull(addressType, "addressType");
    this.rssi[i] = rssi;
    this.extended[i] = extended;
    this.end[i] = from + len;
    size = i + 1;
  }

  /** Appends {@code a} (tests, and sources that have objects). */
  public void add(Advertisement a) {
    byte[] d = a.dataUnsafe();
    add(a.receivedAt().getEpochSecond(), a.receivedAt().getNano(), a.addressType(), a.address().value(),
        a.rssi(), d, 0, d.length, a.extended());
  }

  public long epochSecond(int i) {
    return epochSecond[check(i)];
  }

  public int nano(int i) {
    return nano[check(i)];
  }

  /** Report {@code i}'s time as an {@link Instant} (allocates; the pipeline's hot path reads the second). */
  public Instant receivedAt(int i) {
    return Instant.ofEpochSecond(epochSecond[check(i)], nano[i]);
  }

  /** The advertiser's address, 48 bits as in {@link BluetoothAddress#value()}. */
  public long address(int i) {
    return address[check(i)];
  }

  public AddressType addressType(int i) {
    return addressType[check(i)];
  }

  public int rssi(int i) {
    return rssi[check(i)];
  }

  /** As {@link Advertisement#extended()}: up to 1650 bytes are legal. */
  public boolean extended(int i) {
    return extended[check(i)];
  }

  /** The slab that report {@code i}'s data lies in, from {@link #dataOffset} for {@link #dataLength} bytes; not a copy. */
  public byte[] data() {
    return data;
  }

  public int dataOffset(int i) {
    return check(i) == 0 ? 0 : end[i - 1];
  }

  public int dataLength(int i) {
    return end[check(i)] - dataOffset(i);
  }

  /** Report {@code i} as an object, for sinks that take them one by one. */
  public Advertisement advertisement(int i) {
    int from = dataOffset(i);
    return new Advertisement(receivedAt(i), new BluetoothAddress(address[i]), addressType[i], rssi[i],
        Arrays.copyOfRange(data, from, end[i]), extended[i]);
  }

  /**
   * Empties the block and gives it back to its pool; its owner must not touch it afterwards.
   *
   * @throws IllegalStateException when it is already back in its pool
   */
  public void release() {
    if (free) {
      throw new IllegalStateException("the block was released already");
    }
    size = 0;
    if (pool != null) {
      free = true;
      pool.free.offer(this);
    }
  }

  private int check(int i) {
    return Objects.checkIndex(i, size);
  }

  /** Never prints addresses or data. */
  @Override
  public String toString() {
    return "ReportBlock[size=" + size + "]";
  }
}
