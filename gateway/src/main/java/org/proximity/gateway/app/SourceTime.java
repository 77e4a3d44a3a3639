package org.proximity.gateway.app;

import java.time.Instant;
import java.time.InstantSource;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.AdvertisementSink;

/**
 * The time a simulated or replayed source has reached: the newest timestamp it delivered. Such
 * sources deliver in time order, so everything before this instant has been handed over.
 */
final class SourceTime implements InstantSource {
  private volatile Instant latest = Instant.EPOCH;

  /** Wraps a sink so that deliveries advance this clock. Written only by the source's thread. */
  AdvertisementSink tap(AdvertisementSink next) {
    return new AdvertisementSink() {
      @Override
      public void accept(Advertisement a) {
        next.accept(a);
        advanceTo(a.receivedAt());
      }

      @Override
      public void acceptRun(Advertisement[] run, int size) {
        Instant newest = latest;
        for (int i = 0; i < size; i++) {
          if (run[i].receivedAt().isAfter(newest)) {
            newest = run[i].receivedAt();
          }
        }
        next.acceptRun(run, size); // the run is the sink's from here on: read it before
        advanceTo(newest);
      }
    };
  }

  private void advanceTo(Instant at) {
    if (at.isAfter(latest)) {
      latest = at;
    }
  }

  @Override
  public Instant instant() {
    return latest;
  }
}
