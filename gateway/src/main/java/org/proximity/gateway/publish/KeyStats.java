package org.proximity.gateway.publish;

/**
 * The day key as the health message reports it (never the key itself).
 *
 * @param day the UTC day (days since 1970-01-01) the ratchet stands at, or {@link #UNKNOWN_DAY}
 *     before a root-key ratchet has been asked for its first day
 * @param hashing false while the newest bucket could not be hashed: its day was before the key's
 *     (a key dated in the future) or past what the clock allows
 * @param fileCurrent false while the key file on disk holds an older key than the ratchet's
 *     (replacing it failed; retried every health period)
 * @param fileWriteFailures failed replacements of the key file since start
 */
public record KeyStats(long day, boolean hashing, boolean fileCurrent, long fileWriteFailures) {
  public static final long UNKNOWN_DAY = -1;
}
