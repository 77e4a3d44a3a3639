package org.proximity.gateway.radio.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventQueueTest {

  private record Scheduled(long at, long order, SimulatedDevice device) {}

  /** The order the simulator relies on: earliest first, ties in the order scheduled (as its former PriorityQueue). */
  @Test
  void removeFirst_interleavedWithAdds_sameOrderAsPriorityQueueByTimeThenScheduleOrder() {
    SplittableRandom random = new SplittableRandom(3);
    List<SimulatedDevice> devices = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      devices.add(new BackgroundDevice(random.split()));
    }
    EventQueue queue = new EventQueue();
    PriorityQueue<Scheduled> reference =
        new PriorityQueue<>(Comparator.comparingLong(Scheduled::at).thenComparingLong(Scheduled::order));
    long order = 0;
    long now = Instant.parse("2026-12-03T07:00:00Z").getEpochSecond() * 1_000_000_000L;
    int removed = 0;
    for (int step = 0; step < 200_000; step++) {
      if (reference.isEmpty() || random.nextInt(3) > 0) {
        // few distinct times, so that many events tie
        long at = now + random.nextLong(64) * 1_000;
        SimulatedDevice d = random.nextInt(10) == 0 ? null : devices.get(random.nextInt(devices.size()));
        queue.add(at, d);
        reference.add(new Scheduled(at, order++, d));
      } else {
        Scheduled expected = reference.poll();
        assertFalse(queue.isEmpty());
        assertEquals(expected.at(), queue.firstAt(), "time of event " + removed);
        assertSame(expected.device(), queue.firstDevice(), "device of event " + removed);
        queue.removeFirst();
        now = expected.at();
        removed++;
      }
    }
    while (!reference.isEmpty()) {
      Scheduled expected = reference.poll();
      assertEquals(expected.at(), queue.firstAt());
      assertSame(expected.device(), queue.firstDevice());
      queue.removeFirst();
    }
    assertTrue(queue.isEmpty());
  }
}
