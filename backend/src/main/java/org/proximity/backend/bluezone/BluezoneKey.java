package org.proximity.backend.bluezone;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.proximity.contract.rollingid.BluezoneKeySchedule;

/**
 * One entry of Bluezone's infected-user message (docs/matching.md): the daily key of the UTC day
 * holding {@code timeStart}, and the window {@code [timeStart, timeEnd]} (unix seconds) inside which
 * its IDs may be matched. {@link #toString()} never prints the key.
 *
 * @param max IDs per day (96: 15-minute slots)
 */
public record BluezoneKey(byte[] dailyKey, long timeStart, long timeEnd, int max) {
  /** The app looks back 14 days; a window longer than this is a mistake, not a wish. */
  public static final long MAX_WINDOW_SECONDS = 31L * 86_400;
  /** Slots of at least one second. */
  public static final int MAX_IDS_PER_DAY = 86_400;
  /** 9999-12-31T23:59:59Z: anything later is milliseconds given for seconds. */
  static final long LAST_SECOND = 253_402_300_799L;

  public BluezoneKey {
    Objects.requireNonNull(dailyKey, "dailyKey");
    if (dailyKey.length != BluezoneKeySchedule.KEY_LENGTH) {
      throw new IllegalArgumentException("daily_key must be 32 bytes (64 hex characters), was " + dailyKey.length + " bytes");
    }
    if (timeStart < 0 || timeStart > LAST_SECOND) {
      throw new IllegalArgumentException("time_start must be unix seconds in [0, " + LAST_SECOND + "], was " + timeStart);
    }
    if (timeEnd < timeStart || timeEnd - timeStart > MAX_WINDOW_SECONDS) {
      throw new IllegalArgumentException("time_end must lie in [time_start, time_start + 31 days], was "
          + timeEnd + " with time_start " + timeStart);
    }
    if (max < 1 || max > MAX_IDS_PER_DAY) {
      throw new IllegalArgumentException("max must be 1 to " + MAX_IDS_PER_DAY + ", was " + max);
    }
    dailyKey = dailyKey.clone();
  }

  @Override
  public byte[] dailyKey() {
    return dailyKey.clone();
  }

  public String keyHex() {
    return HexFormat.of().formatHex(dailyKey);
  }

  /** Length of one slot: 86,400,000 / max milliseconds, integer division as in the app. */
  public long slotMillis() {
    return 86_400_000L / max;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BluezoneKey k && Arrays.equals(dailyKey, k.dailyKey) && timeStart == k.timeStart
        && timeEnd == k.timeEnd && max == k.max;
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(dailyKey), timeStart, timeEnd, max);
  }

  @Override
  public String toString() {
    return "BluezoneKey[redacted, timeStart=" + timeStart + ", timeEnd=" + timeEnd + ", max=" + max + "]";
  }
}
