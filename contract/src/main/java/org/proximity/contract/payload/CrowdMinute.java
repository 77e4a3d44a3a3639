package org.proximity.contract.payload;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Anonymous crowd counts for one UTC minute {@code [start, start + 60 s)}: what a backend needs to
 * follow crowd size and app adoption minute by minute (docs/crowd.md). Holds no ID or address.
 *
 * @param start the minute's start, whole UTC minute
 * @param advertisements every advertisement heard, by device kind (wire names, every kind present)
 * @param distinct distinct rolling IDs (gaen, bluezone) or distinct advertiser addresses (every
 *     other kind; addresses rotate) heard in the minute, every kind present
 * @param malformed advertisements whose data did not parse (also counted under their kind)
 * @param overflow sightings whose ID or address was not counted as distinct because the
 *     minute's cap was reached (their advertisements are counted)
 * @param late sightings dated in a minute already closed (counted in the next minute to close)
 * @param future sightings dated more than a day after the newest open minute, not counted
 */
public record CrowdMinute(
    Instant start,
    Map<String, Long> advertisements,
    Map<String, Integer> distinct,
    long malformed,
    long overflow,
    long late,
    long future) {

  public CrowdMinute {
    Objects.requireNonNull(start, "start");
    if (start.getNano() != 0 || Math.floorMod(start.getEpochSecond(), 60) != 0) {
      throw new IllegalArgumentException("a crowd minute starts on a whole UTC minute: " + start);
    }
    advertisements = Map.copyOf(advertisements);
    distinct = Map.copyOf(distinct);
  }

  /** Bluezone-on-iOS presences: distinct addresses advertising the Bluezone iOS service. */
  public int bluezoneIosPresences() {
    return distinct.getOrDefault("bluezone_ios", 0);
  }
}
