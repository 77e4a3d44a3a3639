package org.proximity.gateway.radio.simulator;

import java.util.Arrays;
import java.util.Optional;

/** A minimal AD walker for the tests (the production parser lives elsewhere). */
final class AdStructures {

  private AdStructures() {}

  /** The data of the first AD of {@code type} whose data starts with {@code prefix}, prefix removed. */
  static Optional<byte[]> find(byte[] ad, int type, byte... prefix) {
    int i = 0;
    while (i < ad.length && ad[i] != 0) {
      int len = ad[i] & 0xFF;
      if (i + 1 + len > ad.length) {
        throw new AssertionError("AD length overruns the buffer at " + i);
      }
      byte[] data = Arrays.copyOfRange(ad, i + 2, i + 1 + len);
      if ((ad[i + 1] & 0xFF) == type
          && data.length >= prefix.length
          && Arrays.equals(Arrays.copyOf(data, prefix.length), prefix)) {
        return Optional.of(Arrays.copyOfRange(data, prefix.length, data.length));
      }
      i += 1 + len;
    }
    return Optional.empty();
  }
}
