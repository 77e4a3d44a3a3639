package org.proximity.gateway.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.proximity.contract.payload.ClockState;
import org.proximity.gateway.health.Health;
import org.proximity.gateway.publish.BrokerStats;
import org.proximity.gateway.publish.KeyStats;
import org.proximity.gateway.publish.Outbox;
import org.proximity.gateway.radio.RadioHealth;
import org.proximity.gateway.radio.RadioState;

class StatusRulesTest {
  private static final ClockState SYNCED = new ClockState(true, "systemd-timesyncd");
  private static final ClockState UNSYNCED = new ClockState(false, "none");

  /** A bluez snapshot after {@code uptime}: radio state, broker, clock, outbox drops so far. */
  private static final Instant TIME = Instant.parse("2026-11-29T12:00:00Z");
  private static final long TODAY = TIME.getEpochSecond() / 86_400;
  private static final KeyStats KEY_OK = new KeyStats(TODAY, true, true, 0);

  static Health health(Duration uptime, RadioState radio, boolean broker, ClockState clock, long outboxDropped) {
    return health(uptime, radio, new BrokerStats(broker, 0, 7, 0, 0, 0, false), clock, outboxDropped, KEY_OK);
  }

  static Health health(
      Duration uptime, RadioState radio, BrokerStats broker, ClockState clock, long outboxDropped, KeyStats keys) {
    RadioHealth r = radio == null ? null
        : new RadioHealth("bluez", radio, new RadioHealth.Reports(100, 0, 0), new RadioHealth.DeviceCache(10, 0, 0),
            new RadioHealth.Recovery(0, 0, 0, 0, 0, 0, radio == RadioState.FAILED));
    return new Health(new Health.Origin("site", "gw", "dev"), TIME, uptime,
        new Health.Advertisements(12.5, 100, Map.of(), Map.of()), new Health.Pipeline(0, 5, 0, 0, 0),
        new Outbox.OutboxStats(3, 300, null, outboxDropped, 0), broker, new Health.Radio("bluez", r, null), clock, keys);
  }

  private static Health running(RadioState radio, boolean broker, ClockState clock) {
    return health(Duration.ofMinutes(10), radio, broker, clock, 0);
  }

  private static Health running(KeyStats keys, ClockState clock) {
    return health(Duration.ofMinutes(10), RadioState.SCANNING, new BrokerStats(true, 0, 7, 0, 0, 0, false), clock, 0, keys);
  }

  private static Health stalledBroker() {
    return health(Duration.ofMinutes(10), RadioState.SCANNING, new BrokerStats(true, 1, 7, 0, 0, 1, true), SYNCED, 0, KEY_OK);
  }

  static Stream<Arguments> situations() {
    List<Arguments> a = new ArrayList<>();
    a.add(Arguments.of("scanning, broker up, clock synced", running(RadioState.SCANNING, true, SYNCED), GatewayStatus.OK));
    a.add(Arguments.of("quiet radio (empty station) is still scanning", running(RadioState.QUIET, true, SYNCED), GatewayStatus.OK));
    a.add(Arguments.of("simulator/replay: no radio state", running(null, true, SYNCED), GatewayStatus.OK));
    a.add(Arguments.of("broker down: outbox buffering", running(RadioState.SCANNING, false, SYNCED), GatewayStatus.DEGRADED));
    a.add(Arguments.of("clock not synchronised", running(RadioState.SCANNING, true, UNSYNCED), GatewayStatus.DEGRADED));
    a.add(Arguments.of("broker down and clock unsynced", running(RadioState.QUIET, false, UNSYNCED), GatewayStatus.DEGRADED));
    a.add(Arguments.of("radio recovering", running(RadioState.RECOVERING, true, SYNCED), GatewayStatus.FAULT));
    a.add(Arguments.of("adapter gone", running(RadioState.WAITING_FOR_ADAPTER, true, SYNCED), GatewayStatus.FAULT));
    a.add(Arguments.of("radio failed", running(RadioState.FAILED, true, SYNCED), GatewayStatus.FAULT));
    a.add(Arguments.of("radio fault beats broker down", running(RadioState.RECOVERING, false, UNSYNCED), GatewayStatus.FAULT));
    a.add(Arguments.of("first report, not yet connected", health(Duration.ZERO, RadioState.SCANNING, false, UNSYNCED, 0), GatewayStatus.STARTING));
    a.add(Arguments.of("first report, already fine", health(Duration.ZERO, RadioState.SCANNING, true, SYNCED, 0), GatewayStatus.OK));
    a.add(Arguments.of("first report, radio fault", health(Duration.ZERO, RadioState.RECOVERING, false, UNSYNCED, 0), GatewayStatus.FAULT));
    a.add(Arguments.of("broker connected but not acknowledging", stalledBroker(), GatewayStatus.DEGRADED));
    a.add(Arguments.of("newest bucket refused its day key", running(new KeyStats(TODAY + 3, false, true, 0), SYNCED), GatewayStatus.FAULT));
    a.add(Arguments.of("key dated after today, synced clock, no bucket yet", running(new KeyStats(TODAY + 1, true, true, 0), SYNCED), GatewayStatus.FAULT));
    a.add(Arguments.of("key dated after an unsynced clock's today: the clock is the suspect",
        running(new KeyStats(TODAY + 1, true, true, 0), UNSYNCED), GatewayStatus.DEGRADED));
    a.add(Arguments.of("key file not replaced at the ratchet", running(new KeyStats(TODAY, true, false, 1), SYNCED), GatewayStatus.FAULT));
    a.add(Arguments.of("key file replaced on a retry", running(new KeyStats(TODAY, true, true, 1), SYNCED), GatewayStatus.OK));
    a.add(Arguments.of("grace over, still unconnected", health(StatusRules.STARTUP_GRACE, RadioState.SCANNING, false, SYNCED, 0), GatewayStatus.DEGRADED));
    return a.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("situations")
  void status_eachHealthSituation(String situation, Health h, GatewayStatus expected) {
    assertEquals(expected, StatusRules.status(h, null), situation);
  }

  @Test
  void status_noSnapshotYet_isStarting() {
    assertEquals(GatewayStatus.STARTING, StatusRules.status(null, null));
  }

  @Test
  void status_outboxDroppedSinceThePreviousSnapshot_isFault_andRecoversWhenDropsStop() {
    Health before = health(Duration.ofMinutes(10), RadioState.SCANNING, false, SYNCED, 4);
    Health dropping = health(Duration.ofMinutes(11), RadioState.SCANNING, false, SYNCED, 9);
    Health stopped = health(Duration.ofMinutes(12), RadioState.SCANNING, true, SYNCED, 9);
    assertEquals(GatewayStatus.DEGRADED, StatusRules.status(before, null), "old drops alone say nothing");
    assertEquals(GatewayStatus.FAULT, StatusRules.status(dropping, before));
    assertEquals(GatewayStatus.OK, StatusRules.status(stopped, dropping));
  }

  static Stream<Arguments> causes() {
    return Stream.of(
        Arguments.of(running(RadioState.SCANNING, false, SYNCED), "broker not connected (records wait in the outbox)"),
        Arguments.of(running(RadioState.SCANNING, true, UNSYNCED), "clock not synchronised (none)"),
        Arguments.of(running(RadioState.QUIET, false, UNSYNCED),
            "broker not connected (records wait in the outbox); clock not synchronised (none)"),
        Arguments.of(running(RadioState.WAITING_FOR_ADAPTER, true, SYNCED), "radio WAITING_FOR_ADAPTER"),
        Arguments.of(running(RadioState.FAILED, true, SYNCED), "radio FAILED (recovery gave up)"),
        Arguments.of(running(RadioState.SCANNING, true, SYNCED), "scanning, broker connected, clock synchronised"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("causes")
  void cause_namesOnlyWhatIsActuallyWrong(Health h, String expected) {
    assertEquals(expected, StatusRules.cause(h, null));
  }

  @Test
  void cause_outboxDroppingSinceThePreviousSnapshot() {
    Health before = health(Duration.ofMinutes(10), RadioState.SCANNING, true, SYNCED, 4);
    Health dropping = health(Duration.ofMinutes(11), RadioState.SCANNING, true, SYNCED, 9);
    assertEquals("the outbox is dropping messages (outbox.max_mb or max_age_days reached)",
        StatusRules.cause(dropping, before));
  }

  @Test
  void feed_remembersThePreviousSnapshot_andTheLogShowsEachChange() {
    LogStatusIndicator log = new LogStatusIndicator();
    StatusFeed feed = new StatusFeed(log);
    feed.accept(health(Duration.ZERO, RadioState.SCANNING, false, UNSYNCED, 0));
    assertEquals(GatewayStatus.STARTING, log.shown());
    feed.accept(health(Duration.ofMinutes(1), RadioState.SCANNING, true, SYNCED, 0));
    assertEquals(GatewayStatus.OK, log.shown());
    feed.accept(health(Duration.ofMinutes(2), RadioState.SCANNING, false, SYNCED, 1));
    assertEquals(GatewayStatus.FAULT, log.shown());
    feed.accept(health(Duration.ofMinutes(3), RadioState.SCANNING, false, SYNCED, 1));
    assertEquals(GatewayStatus.DEGRADED, log.shown());
    assertEquals("broker not connected (records wait in the outbox)", log.shownCause());
    feed.accept(health(Duration.ofMinutes(4), RadioState.SCANNING, true, UNSYNCED, 1));
    assertEquals(GatewayStatus.DEGRADED, log.shown());
    assertEquals("clock not synchronised (none)", log.shownCause(), "same status, new cause");
  }
}
