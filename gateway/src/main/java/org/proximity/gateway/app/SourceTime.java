package org.proximity.gateway.app;

import java.time.Instant;
import java.time.InstantSource;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.AdvertisementSink;
import org.proximity.gateway.radio.ReportBlock;

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

      @Override
      public void acceptBlock(ReportBlock block) {
        int newest = 0;
        for (int i = 1; i < block.size(); i++) {
          long d = block.epochSecond(i) - block.epochSecond(newest);
          if (d > 0 || d == 0 && block.nano(i) > block.nano(newest)) {
            newest = i;
          }
        }
        Instant at = block.isEmpty() ? null : block.receivedAt(newest);
        next.acceptBlock(block); // as for a run: read it before
        if (at != null) {
          advanceTo(at);
        }
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
