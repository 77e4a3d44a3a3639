package org.proximity.gateway.app;

import org.proximity.contract.rollingid.DayKey;
import org.proximity.contract.rollingid.RecordIdHasher;
import org.proximity.contract.rollingid.SiteRootKey;
import org.proximity.gateway.bucket.HashingKey;

/**
 * Day keys for the aggregator, by the one-way ratchet: asked for a later day, it ratchets forward
 * and forgets the earlier key; it can never go back. Buckets close in time order, so yesterday's
 * key is kept exactly until yesterday's last bucket has been hashed.
 *
 * <p>Owned by the pipeline thread.
 */
public final class RatchetingKeys implements HashingKey.ForDay {
  private DayKey current;
  private RecordIdHasher hasher;

  private final java.util.function.Consumer<DayKey> onAdvance;

  public RatchetingKeys(DayKey start) {
    this(start, k -> {});
  }

  /** @param onAdvance told of each new day key, e.g. to replace the key file on disk */
  public RatchetingKeys(DayKey start, java.util.function.Consumer<DayKey> onAdvance) {
    this.current = start;
    this.hasher = start.hasher();
    this.onAdvance = onAdvance;
  }

  /**
   * Keys derived from the site root key, starting at the first day asked for (a replay does not
   * know its first day before it has read a frame); from then on they ratchet like any other.
   */
  public static HashingKey.ForDay fromRoot(SiteRootKey root) {
    RatchetingKeys[] keys = new RatchetingKeys[1];
    return epochDay -> {
      if (keys[0] == null) {
        keys[0] = new RatchetingKeys(root.dayKey(epochDay));
      }
      return keys[0].forDay(epochDay);
    };
  }

  @Override
  public HashingKey forDay(long epochDay) {
    if (epochDay < current.epochDay()) {
      throw new IllegalStateException(
          "no key for day " + epochDay + ": the ratchet is at day " + current.epochDay() + " and cannot go back");
    }
    if (epochDay > current.epochDay()) {
      current = current.advanceTo(epochDay);
      hasher = current.hasher();
      onAdvance.accept(current);
    }
    RecordIdHasher h = hasher;
    return new HashingKey() {
      @Override
      public String keyId() {
        return h.keyId();
      }

      @Override
      public byte[] recordId(String kind, byte[] rawId) {
        return h.recordId(kind, rawId);
      }

      @Override
      public byte[] sealAem(byte[] rpi, byte[] aem) {
        return h.sealAem(rpi, aem);
      }
    };
  }

  /** The day the ratchet stands at. */
  public long day() {
    return current.epochDay();
  }
}
