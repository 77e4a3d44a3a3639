package org.proximity.gateway.radio.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.AdvertisementSink;
import org.proximity.gateway.radio.AdvertisementSource;

/**
 * Plays a {@link StationSimulator} as a radio: on its own thread {@value #THREAD_NAME}, each
 * advertisement goes to the sink once the (usually {@link ScaledClock scaled}) clock has reached its
 * timestamp. The thread waits the real time that is left, so it never spins, and {@link #close()}
 * wakes it at once.
 */
public final class SimulatedAdvertisementSource implements AdvertisementSource {

  public static final String THREAD_NAME = "radio-simulator";

  // re-read the clock at least this often, in case it is not the scaled clock we assume
  private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final StationSimulator simulator;
  private final InstantSource clock;
  private final double speed;
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile boolean exhausted;
  private Thread thread; // guarded by this

  /**
   * @param clock simulated time; usually a {@link ScaledClock} over the simulator's start
   * @param speed simulated seconds per real second, used to turn the time left into a real wait
   */
  public SimulatedAdvertisementSource(StationSimulator simulator, InstantSource clock, double speed) {
    this.simulator = Objects.requireNonNull(simulator, "simulator");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be > 0, was " + speed);
    }
    this.speed = speed;
  }

  /** Paced by {@code clock}, taking the speed from it. */
  public SimulatedAdvertisementSource(StationSimulator simulator, ScaledClock clock) {
    this(simulator, clock, clock.speed());
  }

  @Override
  public String name() {
    return "simulator";
  }

  @Override
  public synchronized void start(AdvertisementSink sink) throws SourceException {
    Objects.requireNonNull(sink, "sink");
    if (thread != null) {
      throw new SourceException("the simulator is already started");
    }
    if (closed.getCount() == 0) {
      throw new SourceException("the simulator is closed");
    }
    thread = new Thread(() -> run(sink), THREAD_NAME);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public boolean isExhausted() {
    return exhausted;
  }

  @Override
  public void close() {
    closed.countDown();
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t == null || t == Thread.currentThread()) {
      return; // not started, or called from the sink: the loop ends after this delivery
    }
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void run(AdvertisementSink sink) {
    try {
      while (closed.getCount() > 0) {
        Optional<Advertisement> next = simulator.next();
        if (next.isEmpty()) {
          exhausted = true;
          return;
        }
        if (!awaitSimulatedTime(next.get().receivedAt())) {
          return;
        }
        sink.accept(next.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until the clock reaches {@code at}; false if closed meanwhile. */
  private boolean awaitSimulatedTime(Instant at) throws InterruptedException {
    while (true) {
      Duration ahead = Duration.between(clock.instant(), at);
      if (ahead.isNegative() || ahead.isZero()) {
        return closed.getCount() > 0;
      }
      long realNanos = (long) Math.ceil(ahead.toNanos() / speed);
      if (closed.await(Math.max(1, Math.min(realNanos, MAX_WAIT_NANOS)), TimeUnit.NANOSECONDS)) {
        return false;
      }
    }
  }
}
