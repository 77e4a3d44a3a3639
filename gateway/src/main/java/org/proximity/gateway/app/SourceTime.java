package org.proximity.gateway.app;

import java.time.Instant;
import java.time.InstantSource;
import org.proximity.gateway.radio.AdvertisementSink;

/**
 * The time a simulated or replayed source has reached: the newest timestamp it delivered. Such
 * sources deliver in time order, so everything before this instant has been handed over.
 */
final class SourceTime implements InstantSource {
  private volatile Instant latest = Instant.EPOCH;

  /** Wraps a sink so that deliveries advance this clock. Written only by the source's thread. */
  AdvertisementSink tap(AdvertisementSink next) {
    return a -> {
      next.accept(a);
      if (a.receivedAt().isAfter(latest)) {
        latest = a.receivedAt();
      }
    };
  }

  @Override
  public Instant instant() {
    return latest;
  }
}
