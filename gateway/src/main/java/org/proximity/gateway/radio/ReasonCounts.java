package org.proximity.gateway.radio;

import java.util.EnumMap;
import java.util.Map;

/**
 * Counts by reason, one slot per enum constant: incrementing never allocates. Confined to the
 * thread that owns the parser or reader it belongs to.
 */
public final class ReasonCounts<E extends Enum<E>> {
  private final Class<E> type;
  private final long[] counts;

  public ReasonCounts(Class<E> type) {
    this.type = type;
    this.counts = new long[type.getEnumConstants().length];
  }

  public void add(E reason) {
    counts[reason.ordinal()]++;
  }

  public long get(E reason) {
    return counts[reason.ordinal()];
  }

  public long total() {
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    return n;
  }

  /** The non-zero counts, in declaration order. */
  public Map<E, Long> nonZero() {
    Map<E, Long> m = new EnumMap<>(type);
    for (E e : type.getEnumConstants()) {
      if (counts[e.ordinal()] != 0) {
        m.put(e, counts[e.ordinal()]);
      }
    }
    return m;
  }
}
