package org.proximity.gateway.bench;

import java.util.Arrays;
import org.proximity.gateway.radio.AddressType;
import org.proximity.gateway.radio.BluetoothAddress;

/**
 * The chunk's template of each address: what that address last had on air. A device keeps its data
 * while its address lasts, or changes the data first (a GAEN phone whose MAC lags its RPI), so one
 * template per address with a comparison of the data finds nearly every report's template in one
 * probe. A map keyed by the data itself hashed and compared every byte of it, and over 125,000
 * devices its boxed entries made generating the station slower than running it.
 * Open addressing over {@code long} keys (address and type), at most half full. Primitives only: a
 * reference to the simulator's data from this long-lived array would have the collector copy that
 * data, and scan the array, in the timed part that follows.
 *
 * <p>Not thread-safe.
 */
final class TemplateIndex {
  private long[] keys = new long[1 << 10];
  private int[] values = new int[1 << 10];
  private int size;

  /** Forgets every address, keeping the arrays: the index serves one chunk after another. */
  void clear() {
    Arrays.fill(keys, 0);
    size = 0;
  }

  /** The template of this address in {@code chunk} if its data equals {@code onAir}, or -1. */
  int find(BluetoothAddress address, AddressType type, byte[] onAir, Chunk chunk) {
    long key = key(address, type);
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; keys[i] != 0; i = (i + 1) & mask) {
      if (keys[i] == key) {
        return chunk.hasData(values[i], onAir) ? values[i] : -1;
      }
    }
    return -1;
  }

  /** From now on, {@code template} (of the chunk {@link #find} is then given) is the address's. */
  void put(BluetoothAddress address, AddressType type, int template) {
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    long key = key(address, type);
    int mask = keys.length - 1;
    int i = mix(key) & mask;
    while (keys[i] != 0 && keys[i] != key) {
      i = (i + 1) & mask;
    }
    if (keys[i] == 0) {
      keys[i] = key;
      size++;
    }
    values[i] = template;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != 0) {
        int i = mix(oldKeys[j]) & mask;
        while (keys[i] != 0) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        values[i] = oldValues[j];
      }
    }
  }

  /** Never 0 (the empty slot): the 48-bit address with the type's ordinal + 1 above it. */
  private static long key(BluetoothAddress address, AddressType type) {
    return address.value() | (long) (type.ordinal() + 1) << 48;
  }

  private static int mix(long key) {
    long h = key * 0x9E37_79B9_7F4A_7C15L;
    return (int) (h >>> 32);
  }
}
