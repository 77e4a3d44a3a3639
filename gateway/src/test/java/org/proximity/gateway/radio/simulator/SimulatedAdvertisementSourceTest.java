package org.proximity.gateway.radio.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.AdvertisementSink;
import org.proximity.gateway.radio.AdvertisementSource.SourceException;

class SimulatedAdvertisementSourceTest {

  private static final Instant START = Instant.parse("2024-10-04T08:00:00Z");
  private static final SimulationConfig CONFIG = SimulationConfig.defaults(5, START);

  /** Collects deliveries; the latch opens after {@code n} of them. */
  private static final class CollectingSink implements AdvertisementSink {
    final List<Advertisement> received = new ArrayList<>(); // guarded by this
    final List<String> threads = new ArrayList<>(); // guarded by this
    final CountDownLatch latch;
    final InstantSource clock;
    int early; // deliveries before the clock reached their timestamp; guarded by this

    CollectingSink(int n, InstantSource clock) {
      latch = new CountDownLatch(n);
      this.clock = clock;
    }

    @Override
    public synchronized void accept(Advertisement a) {
      if (clock.instant().isBefore(a.receivedAt())) {
        early++;
      }
      received.add(a);
      threads.add(Thread.currentThread().getName());
      latch.countDown();
    }

    synchronized List<Advertisement> snapshot() {
      return List.copyOf(received);
    }

    synchronized int early() {
      return early;
    }
  }

  private static final InstantSource DAY_AHEAD = InstantSource.fixed(START.plus(Duration.ofDays(1)));

  private static boolean simulatorThreadAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.isAlive() && t.getName().equals(SimulatedAdvertisementSource.THREAD_NAME));
  }

  /** A source whose clock is a day ahead, once the sink has had its count of deliveries. */
  private static SimulatedAdvertisementSource startedDayAheadUntil(CollectingSink sink)
      throws Exception {
    SimulatedAdvertisementSource source =
        new SimulatedAdvertisementSource(new StationSimulator(CONFIG), DAY_AHEAD, 1.0);
    source.start(sink);
    assertTrue(sink.latch.await(30, TimeUnit.SECONDS));
    return source;
  }

  @Test
  void start_clockAhead_deliversSimulatorStreamOnNamedThread() throws Exception {
    CollectingSink sink = new CollectingSink(500, DAY_AHEAD);
    SimulatedAdvertisementSource source = startedDayAheadUntil(sink);
    source.close();
    List<Advertisement> delivered = sink.snapshot();
    StationSimulator reference = new StationSimulator(CONFIG);
    for (Advertisement a : delivered) {
      assertEquals(reference.next().orElseThrow(), a);
    }
    synchronized (sink) {
      assertTrue(sink.threads.stream().allMatch("radio-simulator"::equals), sink.threads.toString());
    }
  }

  @Test
  void close_whileDelivering_threadHasEndedOnReturn() throws Exception {
    CollectingSink sink = new CollectingSink(100, DAY_AHEAD);
    SimulatedAdvertisementSource source = startedDayAheadUntil(sink);
    assertTrue(simulatorThreadAlive());
    source.close();
    // close() joined the thread: no call to the sink can follow
    assertFalse(simulatorThreadAlive());
    assertFalse(source.isExhausted());
  }

  @Test
  void start_clockBehind_deliversOnlyOnceClockReachesTimestamps() throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(START.minus(Duration.ofHours(1)));
    CollectingSink sink = new CollectingSink(1, now::get);
    SimulatedAdvertisementSource source =
        new SimulatedAdvertisementSource(new StationSimulator(CONFIG), now::get, 1e6);
    source.start(sink);
    now.set(START.plusSeconds(1));
    assertTrue(sink.latch.await(30, TimeUnit.SECONDS));
    source.close();
    assertEquals(0, sink.early());
    assertTrue(sink.snapshot().stream().noneMatch(a -> a.receivedAt().isAfter(START.plusSeconds(1))));
  }

  @Test
  void close_whileWaitingForClock_returnsPromptly() throws Exception {
    CollectingSink sink = new CollectingSink(1, DAY_AHEAD);
    // real-time speed and a clock an hour behind: the thread would wait an hour
    SimulatedAdvertisementSource source = new SimulatedAdvertisementSource(
        new StationSimulator(CONFIG), InstantSource.fixed(START.minus(Duration.ofHours(1))), 1.0);
    source.start(sink);
    assertTimeoutPreemptively(Duration.ofSeconds(5), source::close);
    assertEquals(0, sink.snapshot().size());
    assertFalse(simulatorThreadAlive());
  }

  @Test
  void start_twice_throws() throws Exception {
    try (SimulatedAdvertisementSource source = new SimulatedAdvertisementSource(
        new StationSimulator(CONFIG), InstantSource.fixed(START.minusSeconds(60)), 1.0)) {
      source.start(a -> { });
      assertThrows(SourceException.class, () -> source.start(a -> { }));
    }
  }

  @Test
  void start_withScaledClock_usesItsSpeed() throws Exception {
    // a fake counter already a real minute past the origin: at speed 60 an hour has passed
    long[] nanos = {0};
    ScaledClock clock = new ScaledClock(START, 60, () -> nanos[0]);
    nanos[0] = 60_000_000_000L;
    CollectingSink sink = new CollectingSink(10, clock);
    try (SimulatedAdvertisementSource source =
        new SimulatedAdvertisementSource(new StationSimulator(CONFIG), clock)) {
      source.start(sink);
      assertTrue(sink.latch.await(30, TimeUnit.SECONDS));
      assertEquals("simulator", source.name());
    }
    assertEquals(0, sink.early());
  }
}
