package org.proximity.gateway.radio.simulator;

import java.util.Arrays;

/**
 * The simulator's pending events, earliest first and, at the same instant, in the order they were
 * scheduled: a 4-ary min-heap over parallel primitive arrays (half the levels of a binary one, and a
 * node's children share a cache line or two). A station of 100,000 phones keeps
 * over 125,000 events pending; a {@link java.util.PriorityQueue} of event objects compared through
 * their {@code Instant}s spent most of the generation in cache misses following those references.
 *
 * <p>Not thread-safe.
 */
final class EventQueue {

  private long[] at = new long[16]; // epoch nanoseconds
  private long[] sequence = new long[16];
  private SimulatedDevice[] device = new SimulatedDevice[16];
  private int size;
  private long scheduled;

  boolean isEmpty() {
    return size == 0;
  }

  /** Adds an event at {@code epochNanos}; {@code d} null stands for the next phone arrival. */
  void add(long epochNanos, SimulatedDevice d) {
    if (size == at.length) {
      at = Arrays.copyOf(at, size * 2);
      sequence = Arrays.copyOf(sequence, size * 2);
      device = Arrays.copyOf(device, size * 2);
    }
    long seq = scheduled++;
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 2;
      if (!before(epochNanos, seq, at[parent], sequence[parent])) {
        break;
      }
      move(parent, i);
      i = parent;
    }
    set(i, epochNanos, seq, d);
  }

  /** Time of the earliest event, epoch nanoseconds; only when not empty. */
  long firstAt() {
    return at[0];
  }

  /** Device of the earliest event (null: an arrival); only when not empty. */
  SimulatedDevice firstDevice() {
    return device[0];
  }

  /** Removes the earliest event. */
  void removeFirst() {
    int last = --size;
    long lastAt = at[last];
    long lastSeq = sequence[last];
    SimulatedDevice lastDevice = device[last];
    device[last] = null;
    if (last == 0) {
      return;
    }
    int i = 0;
    while (true) {
      int first = 4 * i + 1;
      if (first >= last) {
        break;
      }
      int child = first;
      for (int c = first + 1; c < Math.min(first + 4, last); c++) {
        if (before(at[c], sequence[c], at[child], sequence[child])) {
          child = c;
        }
      }
      if (!before(at[child], sequence[child], lastAt, lastSeq)) {
        break;
      }
      move(child, i);
      i = child;
    }
    set(i, lastAt, lastSeq, lastDevice);
  }

  private static boolean before(long at1, long seq1, long at2, long seq2) {
    return at1 < at2 || (at1 == at2 && seq1 < seq2);
  }

  private void move(int from, int to) {
    at[to] = at[from];
    sequence[to] = sequence[from];
    device[to] = device[from];
  }

  private void set(int i, long epochNanos, long seq, SimulatedDevice d) {
    at[i] = epochNanos;
    sequence[i] = seq;
    device[i] = d;
  }
}
