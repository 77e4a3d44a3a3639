package org.proximity.gateway.bucket;

import java.util.Map;

/**
 * Anonymous counts for one bucket: how busy the air was and how many carried a tracing app.
 *
 * @param advertisements every advertisement heard, by device kind (wire names)
 * @param distinct distinct rolling IDs (gaen, bluezone) or distinct advertiser addresses (every
 *     other kind; addresses rotate, so this over-counts phones that stay through a rotation)
 * @param malformed advertisements whose data did not parse, still counted under their kind above
 * @param overflow sightings not tracked because a per-bucket cap was reached
 * @param late sightings dated in a bucket that had already closed
 */
public record BucketCounts(
    Map<String, Long> advertisements,
    Map<String, Integer> distinct,
    long malformed,
    long overflow,
    long late) {

  public BucketCounts {
    advertisements = Map.copyOf(advertisements);
    distinct = Map.copyOf(distinct);
  }
}
