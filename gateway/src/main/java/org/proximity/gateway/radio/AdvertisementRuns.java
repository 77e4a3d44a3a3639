package org.proximity.gateway.radio;

import java.util.Objects;

/**
 * Gathers a source's reports into runs of up to {@value #RUN} and hands each run on with {@link
 * AdvertisementSink#acceptRun}. For sources that have the next report ready at once (capture files,
 * pre-generated benchmark stations): the source calls {@link #flush} whenever it is about to wait or
 * stop, so that no report stays behind. Owned by the source's thread.
 */
public final class AdvertisementRuns implements AdvertisementSink {
  /** Reports per run: enough to make the hand-over rare, few enough to stay in the caches. */
  public static final int RUN = 256;

  private final AdvertisementSink next;
  private Advertisement[] run = new Advertisement[RUN];
  private int size;

  public AdvertisementRuns(AdvertisementSink next) {
    this.next = Objects.requireNonNull(next, "next");
  }

  @Override
  public void accept(Advertisement advertisement) {
    run[size++] = advertisement;
    if (size == RUN) {
      flush();
    }
  }

  /** Hands on what is gathered, if anything. */
  public void flush() {
    if (size == 0) {
      return;
    }
    Advertisement[] full = run;
    int n = size;
    run = new Advertisement[RUN]; // the sink owns the old array now
    size = 0;
    next.acceptRun(full, n);
  }
}
