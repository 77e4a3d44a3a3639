package org.proximity.contract.payload;

/**
 * The width of a time bucket in whole minutes. It must divide a UTC day (1,440 minutes) so that
 * buckets never straddle midnight and every day key covers whole buckets. 30 minutes (the default)
 * holds exactly three GAEN intervals and two Bluezone slots (docs/gaen.md#time-base, docs/bluezone.md#key-schedule).
 */
public record BucketWidth(int minutes) {
  public static final BucketWidth DEFAULT = new BucketWidth(30);
  private static final int MINUTES_PER_DAY = 1440;

  public BucketWidth {
    if (minutes < 1 || MINUTES_PER_DAY % minutes != 0) {
      throw new IllegalArgumentException(
          "buckets.minutes must be a whole number of minutes that divides 1440, was " + minutes);
    }
  }

  public long seconds() {
    return minutes * 60L;
  }
}
