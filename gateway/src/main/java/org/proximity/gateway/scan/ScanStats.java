package org.proximity.gateway.scan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.proximity.gateway.ad.DeviceKind;

/**
 * What {@code scan --live} shows, over sliding windows of source time: advertisements per second
 * by kind, distinct rolling IDs and advertiser addresses in the last minute, an RSSI histogram per
 * kind and the strongest GAEN and Bluezone IDs of the last {@value #RECENT_SECONDS} seconds.
 *
 * <p>Pure (time comes with each call) and not thread-safe: one thread records and snapshots. IDs
 * are held only as 64-bit fingerprints, addresses as numbers, both in RAM only; a {@link
 * Snapshot} holds neither, only counts and RSSI values.
 */
public final class ScanStats {
  public static final int RECENT_SECONDS = 10;
  /** RSSI bins: below -90, then 10 dB wide, then -40 and above. */
  public static final int[] BIN_FLOORS = {Integer.MIN_VALUE, -90, -80, -70, -60, -50, -40};
  private static final long MINUTE_MS = 60_000;
  private static final long RECENT_MS = RECENT_SECONDS * 1000L;

  private final Second[] ring = new Second[RECENT_SECONDS + 1];
  private final Map<Long, Seen> ids = new HashMap<>();
  private final Map<Long, Long> addresses = new HashMap<>();
  private long total;

  /** One ID seen recently: its kind, when last, and its strongest RSSI within {@value #RECENT_SECONDS} s. */
  private static final class Seen {
    DeviceKind kind;
    long lastMs;
    int maxRssi;
    long maxAtMs;
  }

  /** Per-second counts: adverts by kind and an RSSI histogram per kind. */
  private static final class Second {
    long epochSecond = Long.MIN_VALUE;
    final long[] adverts = new long[DeviceKind.values().length];
    final long[][] bins = new long[DeviceKind.values().length][BIN_FLOORS.length];

    void reset(long s) {
      epochSecond = s;
      Arrays.fill(adverts, 0);
      for (long[] b : bins) {
        Arrays.fill(b, 0);
      }
    }
  }

  /**
   * @param advertsPerSecond by kind, over the last full {@value #RECENT_SECONDS} seconds
   * @param distinctIds rolling IDs (gaen, bluezone) seen in the last minute, by kind
   * @param distinctAddresses advertiser addresses seen in the last minute, all kinds
   * @param histograms per kind heard recently: counts per {@link #BIN_FLOORS} bin over {@value #RECENT_SECONDS} s
   * @param strongest per ID kind: the strongest RSSI of each ID heard in the last {@value #RECENT_SECONDS} s, strongest first (at most 3)
   */
  public record Snapshot(
      Instant at, Map<DeviceKind, Double> advertsPerSecond, Map<DeviceKind, Integer> distinctIds,
      int distinctAddresses, Map<DeviceKind, long[]> histograms, Map<DeviceKind, List<Integer>> strongest, long total) {}

  public ScanStats() {
    for (int i = 0; i < ring.length; i++) {
      ring[i] = new Second();
    }
  }

  /** One advertisement: {@code id} is the rolling ID for gaen and bluezone, else null. */
  public void record(Instant at, DeviceKind kind, byte[] id, long address, int rssi) {
    long ms = at.toEpochMilli();
    long s = Math.floorDiv(ms, 1000);
    Second sec = ring[(int) Math.floorMod(s, (long) ring.length)];
    if (sec.epochSecond != s) {
      sec.reset(s);
    }
    sec.adverts[kind.ordinal()]++;
    sec.bins[kind.ordinal()][bin(rssi)]++;
    total++;
    addresses.put(address, ms);
    if (id != null) {
      Seen seen = ids.computeIfAbsent(fingerprint(kind, id), k -> new Seen());
      seen.kind = kind;
      seen.lastMs = ms;
      if (seen.maxAtMs < ms - RECENT_MS || rssi >= seen.maxRssi) {
        seen.maxRssi = rssi;
        seen.maxAtMs = ms;
      }
    }
  }

  static int bin(int rssi) {
    int b = 0;
    for (int i = 1; i < BIN_FLOORS.length; i++) {
      if (rssi >= BIN_FLOORS[i]) {
        b = i;
      }
    }
    return b;
  }

  /** Only for telling IDs of one kind apart in RAM (FNV-1a): never shown. */
  private static long fingerprint(DeviceKind kind, byte[] id) {
    long h = (0xcbf29ce484222325L ^ kind.ordinal()) * 0x100000001b3L;
    for (byte b : id) {
      h = (h ^ (b & 0xFF)) * 0x100000001b3L;
    }
    return h;
  }

  /** The view at {@code now}; forgets what fell out of the last minute. */
  public Snapshot snapshot(Instant now) {
    long ms = now.toEpochMilli();
    long nowSecond = Math.floorDiv(ms, 1000);
    addresses.values().removeIf(t -> t <= ms - MINUTE_MS);
    Map<DeviceKind, Double> rates = new EnumMap<>(DeviceKind.class);
    Map<DeviceKind, long[]> histograms = new EnumMap<>(DeviceKind.class);
    for (Second sec : ring) {
      // the last RECENT_SECONDS full seconds; the current one is still filling
      if (sec.epochSecond >= nowSecond - RECENT_SECONDS && sec.epochSecond < nowSecond) {
        for (DeviceKind k : DeviceKind.values()) {
          if (sec.adverts[k.ordinal()] > 0) {
            rates.merge(k, sec.adverts[k.ordinal()] / (double) RECENT_SECONDS, Double::sum);
            long[] h = histograms.computeIfAbsent(k, x -> new long[BIN_FLOORS.length]);
            for (int b = 0; b < h.length; b++) {
              h[b] += sec.bins[k.ordinal()][b];
            }
          }
        }
      }
    }
    Map<DeviceKind, Integer> distinct = new EnumMap<>(DeviceKind.class);
    Map<DeviceKind, List<Integer>> strongest = new EnumMap<>(DeviceKind.class);
    for (Iterator<Seen> it = ids.values().iterator(); it.hasNext(); ) {
      Seen seen = it.next();
      if (seen.lastMs <= ms - MINUTE_MS) {
        it.remove();
        continue;
      }
      distinct.merge(seen.kind, 1, Integer::sum);
      if (seen.maxAtMs > ms - RECENT_MS) {
        strongest.computeIfAbsent(seen.kind, k -> new ArrayList<>()).add(seen.maxRssi);
      }
    }
    strongest.replaceAll((k, l) -> l.stream().sorted(Comparator.reverseOrder()).limit(3).toList());
    return new Snapshot(now, rates, distinct, addresses.size(), histograms, strongest, total);
  }
}
