package org.proximity.gateway.bucket;

import java.util.Arrays;
import org.proximity.gateway.ad.DeviceKind;

/**
 * A run of up to {@value #MAX} decoded sightings for {@link EncounterAggregator#sightAll}, held in
 * primitive arrays and reused: the pipeline thread fills it from a run of reports, the aggregator
 * loads every table slot the run will need (their cache misses overlap) and then applies the
 * sightings in order. Not thread-safe.
 */
public final class SightingRun {
  /** Small enough that the run's table lines stay in the L2 cache until they are used. */
  public static final int MAX = 256;
  private static final int PRESENCE = -1;

  final long[] second = new long[MAX];
  final DeviceKind[] kind = new DeviceKind[MAX];
  /** The ID's flags ({@link IdTable#flags}), or {@value #PRESENCE} for a presence. */
  final int[] flags = new int[MAX];
  /** The ID's two words, or the address in {@code w0}. */
  final long[] w0 = new long[MAX];
  final long[] w1 = new long[MAX];
  final int[] hash = new int[MAX];
  final int[] aem = new int[MAX];
  final int[] rssi = new int[MAX];
  final boolean[] malformed = new boolean[MAX];
  /** Where {@link EncounterAggregator#sightAll} notes each sighting's open bucket while it loads ahead. */
  final BucketState[] buckets = new BucketState[MAX];
  int size;

  public int size() {
    return size;
  }

  public boolean isFull() {
    return size == MAX;
  }

  /**
   * A GAEN or Bluezone advertisement at {@code epochSecond}: its ID is {@code src[idOff .. idOff +
   * idLen)}, its AEM (GAEN) the 4 bytes at {@code aemOff}, or none when {@code aemOff} is negative.
   *
   * @throws IllegalArgumentException for a kind without ID or an ID not of 1 to 16 bytes
   * @throws IllegalStateException when the run is full
   */
  public void addId(long epochSecond, DeviceKind kind, byte[] src, int idOff, int idLen, int aemOff, int rssi) {
    int f = IdTable.flags(kind, idLen, aemOff >= 0);
    int i = next(epochSecond, kind);
    flags[i] = f;
    w0[i] = IdTable.word(src, idOff, idLen, 0);
    w1[i] = IdTable.word(src, idOff, idLen, 1);
    hash[i] = IdTable.keyHash(f, w0[i], w1[i]);
    aem[i] = aemOff >= 0 ? IdTable.packAem(src, aemOff) : 0;
    this.rssi[i] = rssi;
    malformed[i] = false;
  }

  /** Any other advertisement, by advertiser address (48 bits). */
  public void addPresence(long epochSecond, DeviceKind kind, long address, boolean isMalformed) {
    int i = next(epochSecond, kind);
    flags[i] = PRESENCE;
    w0[i] = address;
    malformed[i] = isMalformed;
  }

  boolean isPresence(int i) {
    return flags[i] == PRESENCE;
  }

  /** Forgets every sighting in the run. */
  public void clear() {
    Arrays.fill(buckets, 0, size, null);
    size = 0;
  }

  private int next(long epochSecond, DeviceKind k) {
    if (size == MAX) {
      throw new IllegalStateException("the run is full");
    }
    int i = size++;
    second[i] = epochSecond;
    kind[i] = k;
    return i;
  }
}
