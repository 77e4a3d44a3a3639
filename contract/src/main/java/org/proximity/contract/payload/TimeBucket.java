package org.proximity.contract.payload;

import java.time.Instant;
import java.util.Objects;

/** A UTC-aligned interval {@code [start, start + width)}. */
public record TimeBucket(Instant start, BucketWidth width) {

  public TimeBucket {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(width, "width");
    if (start.getNano() != 0 || Math.floorMod(start.getEpochSecond(), width.seconds()) != 0) {
      throw new IllegalArgumentException("bucket start must be aligned to its width: " + start);
    }
  }

  public static TimeBucket containing(Instant t, BucketWidth width) {
    long s = t.getEpochSecond();
    return new TimeBucket(Instant.ofEpochSecond(s - Math.floorMod(s, width.seconds())), width);
  }

  public Instant end() {
    return start.plusSeconds(width.seconds());
  }

  /** Whole days since 1970-01-01 UTC of the bucket's start: the day whose key hashes its IDs. */
  public long epochDay() {
    return Math.floorDiv(start.getEpochSecond(), 86_400L);
  }

  public boolean contains(Instant t) {
    return !t.isBefore(start) && t.isBefore(end());
  }

  public TimeBucket next() {
    return new TimeBucket(end(), width);
  }
}
