package org.proximity.gateway.app;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.proximity.contract.rollingid.DayKey;
import org.proximity.contract.rollingid.RecordIdHasher;
import org.proximity.contract.rollingid.SiteRootKey;
import org.proximity.gateway.bucket.HashingKey;

/**
 * Day keys for the aggregator, by the one-way ratchet: asked for a later day, it ratchets forward
 * and forgets the earlier key; it can never go back. Buckets close in time order, so yesterday's
 * key is kept exactly until yesterday's last bucket has been hashed.
 *
 * <p>It never ratchets past {@code ceiling} (the wall-clock day + 1 while the clock is not
 * synchronised, see {@link #untilClockSynced}): a wrong clock must not destroy today's key for good.
 * A refused day, before the ratchet's or past the ceiling, throws, so that bucket is dropped and
 * counted; the {@link DayKeyState} then says the gateway is not hashing (a FAULT).
 *
 * <p>Owned by the pipeline thread.
 */
public final class RatchetingKeys implements HashingKey.ForDay {
  /** No ceiling: for sources whose time is their own (simulator, replay). */
  public static final LongSupplier NO_CEILING = () -> Long.MAX_VALUE;

  private volatile DayKey current; // also read by the status-file thread
  private RecordIdHasher hasher;
  private final Consumer<DayKey> onAdvance;
  private final LongSupplier ceiling;
  private final DayKeyState state;

  public RatchetingKeys(DayKey start) {
    this(start, k -> {}, NO_CEILING, new DayKeyState());
  }

  /**
   * @param onAdvance told of each new day key, e.g. to replace the key file on disk
   * @param ceiling the last day the ratchet may advance to, asked at each advance
   * @param state where the key's day and whether it hashes are reported
   */
  public RatchetingKeys(DayKey start, Consumer<DayKey> onAdvance, LongSupplier ceiling, DayKeyState state) {
    this.current = start;
    this.hasher = start.hasher();
    this.onAdvance = onAdvance;
    this.ceiling = ceiling;
    this.state = state;
    state.at(start.epochDay());
  }

  /**
   * Keys derived from the site root key, starting at the first day asked for (a replay does not
   * know its first day before it has read a frame); from then on they ratchet like any other.
   */
  public static HashingKey.ForDay fromRoot(SiteRootKey root) {
    return fromRoot(root, new DayKeyState());
  }

  /** As {@link #fromRoot(SiteRootKey)}, reporting to {@code state}. */
  public static HashingKey.ForDay fromRoot(SiteRootKey root, DayKeyState state) {
    return new FromRoot(root, state);
  }

  /** Derives the first day's key from the root key when that day is first asked for, then ratchets. */
  private static final class FromRoot implements HashingKey.ForDay {
    private final SiteRootKey root;
    private final DayKeyState state;
    private RatchetingKeys keys; // null until the first day is known

    FromRoot(SiteRootKey root, DayKeyState state) {
      this.root = root;
      this.state = state;
    }

    @Override
    public HashingKey forDay(long epochDay) {
      if (keys == null) {
        keys = new RatchetingKeys(root.dayKey(epochDay), k -> {}, NO_CEILING, state);
      }
      return keys.forDay(epochDay);
    }
  }

  /**
   * The ceiling for a live radio: no limit while {@code synced} says the clock is synchronised by
   * NTP, otherwise the wall clock's day + 1.
   */
  public static LongSupplier untilClockSynced(BooleanSupplier synced, LongSupplier wallDay) {
    return () -> synced.getAsBoolean() ? Long.MAX_VALUE : wallDay.getAsLong() + 1;
  }

  @Override
  public HashingKey forDay(long epochDay) {
    if (epochDay < current.epochDay()) {
      state.refused();
      throw new IllegalStateException(
          "no key for day " + epochDay + ": the ratchet is at day " + current.epochDay() + " and cannot go back");
    }
    if (epochDay > current.epochDay()) {
      long limit = ceiling.getAsLong();
      if (epochDay > limit) {
        state.refused();
        throw new IllegalStateException("not ratcheting to day " + epochDay + ": past day " + limit
            + ", the wall-clock day + 1, while the clock is not synchronised");
      }
      current = current.advanceTo(epochDay);
      hasher = current.hasher();
      state.at(epochDay);
      onAdvance.accept(current);
    }
    state.hashed();
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
