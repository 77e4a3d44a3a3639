package org.proximity.gateway.bench;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.proximity.gateway.radio.AdvertisementRuns;
import org.proximity.gateway.radio.AdvertisementSink;
import org.proximity.gateway.radio.AdvertisementSource;

/**
 * A radio source that plays pre-generated {@link Chunk}s at full speed on its own thread
 * {@value #THREAD_NAME}, as the simulator's thread would, but with no simulation work left to do.
 * {@link #offer} hands a chunk over; {@link #awaitPlayed} returns once the last report of it went to the sink.
 */
final class ChunkSource implements AdvertisementSource {
  static final String THREAD_NAME = "radio-bench";
  private static final Chunk STOP = new Chunk(0);

  private final SynchronousQueue<Chunk> inbox = new SynchronousQueue<>();
  private final SynchronousQueue<Chunk> played = new SynchronousQueue<>();
  private final AtomicLong delivered = new AtomicLong();
  private Thread thread;

  @Override
  public String name() {
    return "bench";
  }

  @Override
  public synchronized void start(AdvertisementSink sink) throws SourceException {
    if (thread != null) {
      throw new SourceException("the bench source is already started");
    }
    thread = new Thread(() -> run(sink), THREAD_NAME);
    thread.setDaemon(true);
    thread.start();
  }

  private void run(AdvertisementSink sink) {
    // a chunk is all ready: hand it over in runs, as the replay source does
    AdvertisementRuns runs = new AdvertisementRuns(sink);
    try {
      Chunk c;
      while ((c = inbox.take()) != STOP) {
        int n = c.size();
        for (int i = 0; i < n; i++) {
          runs.accept(c.advertisement(i));
        }
        runs.flush();
        delivered.addAndGet(n);
        played.put(c);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Hands {@code chunk} to the source thread, which starts playing it. */
  void offer(Chunk chunk) throws InterruptedException {
    inbox.put(chunk);
  }

  /** Returns once the chunk offered last has been handed to the sink in full. */
  void awaitPlayed() throws InterruptedException {
    played.take();
  }

  /** Reports handed to the sink so far (updated per chunk). */
  long delivered() {
    return delivered.get();
  }

  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t == null) {
      return;
    }
    try {
      if (t.isAlive()) {
        inbox.put(STOP);
      }
      t.join();
    } catch (InterruptedException e) {
      t.interrupt();
      Thread.currentThread().interrupt();
    }
  }
}
