package org.proximity.gateway.radio.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.proximity.common.retry.Backoff;
import org.proximity.gateway.radio.RadioState;
import org.proximity.gateway.radio.recovery.RecoveryLadder.AdapterState;

/** The ladder as pure logic: a fake port and a clock moved by hand. */
class RecoveryLadderTest {
  Instant now = Instant.parse("2026-03-01T02:00:00Z");
  final InstantSource clock = () -> now;
  AdapterState state = AdapterState.SCANNING;
  final List<String> actions = new ArrayList<>();
  final RecoveryLadder.Policy policy = new RecoveryLadder.Policy(Duration.ofMinutes(5),
      Duration.ofMinutes(40), new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(5), 0.0), 3, 2,
      Duration.ofMinutes(2), Duration.ofMinutes(10));

  final RecoveryLadder.Port port = new RecoveryLadder.Port() {
    @Override
    public AdapterState adapterState() {
      return state;
    }

    @Override
    public void restartDiscovery() {
      actions.add("restart");
    }

    @Override
    public void powerCycle() {
      actions.add("power");
    }

    @Override
    public void giveUp(String reason) {
      actions.add("giveUp");
    }
  };
  final RecoveryLadder ladder = new RecoveryLadder(port, clock, policy, () -> 0.5);

  void runFor(Duration d, Duration step) {
    Instant end = now.plus(d);
    while (now.isBefore(end)) {
      ladder.tick();
      now = now.plus(step);
    }
  }

  @Test
  void tick_quietNightWhileDiscovering_onlyRateLimitedDiscoveryRestarts() {
    runFor(Duration.ofHours(8), Duration.ofSeconds(5));
    assertTrue(actions.stream().allMatch("restart"::equals), actions.toString());
    // at 5, 15, 35, 75 min, then every 40 min: 4 + 10 in 8 h, never a storm
    assertEquals(14, actions.size());
    assertEquals(14, ladder.counters().quietRestarts());
    assertEquals(0, ladder.counters().discoveryRestarts());
    assertEquals(RadioState.QUIET, ladder.status());
  }

  @Test
  void tick_advertsFlowing_doesNothing() {
    for (int i = 0; i < 1000; i++) {
      ladder.onAdvertisement(now);
      ladder.tick();
      now = now.plusSeconds(5);
    }
    assertEquals(List.of(), actions);
    assertEquals(RadioState.SCANNING, ladder.status());
  }

  @Test
  void tick_discoveringStaysFalse_restartsWithBackoffThenPowerCyclesThenGivesUp() {
    state = new AdapterState(true, true, false);
    runFor(Duration.ofMinutes(30), Duration.ofSeconds(1));
    assertEquals(List.of("restart", "restart", "restart", "power", "power", "giveUp"), actions);
    assertEquals(RadioState.FAILED, ladder.status());
    assertTrue(ladder.counters().gaveUp());
  }

  @Test
  void tick_backoffDoublesPerStep() {
    assertEquals(Duration.ofSeconds(10), ladder.backoff(1));
    assertEquals(Duration.ofSeconds(20), ladder.backoff(2));
    assertEquals(Duration.ofMinutes(5), ladder.backoff(30));
  }

  @Test
  void tick_discoveryComesBackAndAdvertsFlow_escalationResets() {
    state = new AdapterState(true, true, false);
    ladder.tick();
    now = now.plusSeconds(11);
    ladder.tick();
    state = AdapterState.SCANNING;
    now = now.plusSeconds(1);
    ladder.onAdvertisement(now);
    ladder.tick();
    state = new AdapterState(true, true, false);
    now = now.plusSeconds(1);
    ladder.tick();
    assertEquals(List.of("restart", "restart", "restart"), actions, "no power cycle after a recovery");
  }

  @Test
  void tick_notPowered_powerCyclesFirst() {
    state = new AdapterState(true, false, false);
    ladder.tick();
    assertEquals(List.of("power"), actions);
  }

  @Test
  void tick_adapterGoneLongerThanWait_givesUp() {
    state = AdapterState.ABSENT;
    runFor(Duration.ofSeconds(119), Duration.ofSeconds(1));
    assertEquals(List.of(), actions);
    assertEquals(RadioState.WAITING_FOR_ADAPTER, ladder.status());
    runFor(Duration.ofSeconds(2), Duration.ofSeconds(1));
    assertEquals(List.of("giveUp"), actions);
  }

  @Test
  void tick_adapterReturns_countedAndScanning() {
    state = AdapterState.ABSENT;
    runFor(Duration.ofSeconds(30), Duration.ofSeconds(1));
    state = AdapterState.SCANNING;
    ladder.tick();
    assertEquals(1, ladder.counters().adapterLosses());
    assertEquals(1, ladder.counters().adapterReturns());
    assertEquals(RadioState.SCANNING, ladder.status());
  }

  @Test
  void policy_of_rejectsBadValuesNamingTheField() {
    var e = assertThrows(IllegalArgumentException.class, () -> new RecoveryLadder.Policy(Duration.ZERO,
        Duration.ofMinutes(1), new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0), 1, 1,
        Duration.ofSeconds(1), Duration.ofSeconds(1)));
    assertTrue(e.getMessage().startsWith("quietThreshold"), e.getMessage());
  }
}
