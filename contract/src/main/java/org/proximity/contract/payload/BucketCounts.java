package org.proximity.contract.payload;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Anonymous counts for one bucket: how busy the air was and how many carried a tracing app.
 *
 * @param advertisements every advertisement heard, by device kind (wire names)
 * @param distinct distinct rolling IDs (gaen, bluezone) or distinct advertiser addresses (every
 *     other kind; addresses rotate, so this over-counts phones that stay through a rotation)
 * @param malformed advertisements whose data did not parse, still counted under their kind above
 * @param overflow sightings not tracked because a per-bucket cap was reached
 * @param late sightings dated in a bucket that had already closed, or more than a day before the
 *     newest open bucket (reported with the next bucket to close)
 * @param future sightings dated more than a day after the newest open bucket: not placed, so that
 *     a wild clock cannot open thousands of buckets (reported with the next bucket to close)
 * @param rebased records of this bucket that were moved here by a clock re-base
 * @param misplaced records of this bucket whose sightings, after a clock re-base, straddled its
 *     end: kept whole here, with {@code last} cut to the bucket's last second
 */
public record BucketCounts(
    Map<String, Long> advertisements,
    Map<String, Integer> distinct,
    long malformed,
    long overflow,
    long late,
    long future,
    long rebased,
    long misplaced) {

  /** The kinds every counts object names, 0 included, so that a backend never guesses a missing key. */
  public static final List<String> KINDS = List.of("apple", "bluetrace", "bluezone", "bluezone_ios", "gaen", "other");

  public BucketCounts {
    advertisements = everyKind(advertisements, 0L);
    distinct = everyKind(distinct, 0);
  }

  /** Counts with no clock trouble: {@code future}, {@code rebased} and {@code misplaced} zero. */
  public BucketCounts(
      Map<String, Long> advertisements, Map<String, Integer> distinct, long malformed, long overflow, long late) {
    this(advertisements, distinct, malformed, overflow, late, 0, 0, 0);
  }

  private static <V> Map<String, V> everyKind(Map<String, V> counts, V zero) {
    Map<String, V> all = new HashMap<>(counts);
    KINDS.forEach(k -> all.putIfAbsent(k, zero));
    return Map.copyOf(all);
  }
}
