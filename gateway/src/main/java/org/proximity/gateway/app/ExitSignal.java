package org.proximity.gateway.app;

import java.util.concurrent.CountDownLatch;

/**
 * How the service ends: the first of a stop, the end of a replay or the radio giving up sets the
 * exit status, and {@code run} waits for it. Made before the parts that can end the service, so a
 * radio's failure handler can hold it from the start.
 */
final class ExitSignal {
  private final CountDownLatch ended = new CountDownLatch(1);
  private int status; // guarded by this; read after the latch

  /** Ends with {@code exitStatus} unless already ended (the first caller wins). */
  synchronized void end(int exitStatus) {
    if (ended.getCount() > 0) {
      status = exitStatus;
      ended.countDown();
    }
  }

  /** Blocks until {@link #end} and returns the exit status. */
  int await() throws InterruptedException {
    ended.await();
    synchronized (this) {
      return status;
    }
  }
}
