package org.proximity.gateway.radio.recovery;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import org.proximity.common.retry.Backoff;
import org.proximity.gateway.radio.RadioHealth;
import org.proximity.gateway.radio.RadioState;
import org.proximity.gateway.radio.Redact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps scanning alive without reset storms (docs/radio.md, "Recovery ladder"). Pure logic: the
 * adapter is reached through a {@link Port}, time through an {@link InstantSource}, so it is
 * tested without D-Bus.
 *
 * <p>Liveness comes from the adapter's own properties (present, {@code Powered}, {@code
 * Discovering}) and from the flow of advertisements. The steps, each with its own {@link Backoff}
 * and each counted:
 *
 * <ol>
 *   <li><b>restart discovery</b> when {@code Discovering} is false (StopDiscovery, filter again,
 *       StartDiscovery);
 *   <li><b>power-cycle</b> ({@code Powered} false then true) when {@code Powered} is false, or when
 *       {@link Policy#discoveryAttempts} restarts in a row did not help;
 *   <li><b>wait for an adapter</b> while none is present (a USB dongle replugged, {@code
 *       bluetoothd} restarted); the source re-subscribes and re-applies the filter when it comes
 *       back;
 *   <li><b>give up</b> ({@link Port#giveUp}, the service exits with status 75 and systemd restarts
 *       it) after {@link Policy#powerCycleAttempts} power cycles in a row did not help, or when no
 *       adapter has appeared for {@link Policy#adapterWait}.
 * </ol>
 *
 * <p>A quiet night is not a fault: while the adapter is powered and discovering, the absence of
 * advertisements for {@link Policy#quietThreshold} leads only to a discovery restart, and the next
 * one waits twice as long (up to {@link Policy#quietMaxInterval}); it never escalates.
 *
 * <p>Threads: {@link #tick} runs on the source's housekeeping thread; {@link #onAdvertisement} is
 * called from the D-Bus signal thread and only writes a volatile field.
 */
public final class RecoveryLadder {
  private static final Logger LOG = LoggerFactory.getLogger(RecoveryLadder.class);
  /** Quiet restarts are spaced exactly: they are no storm, one gateway's own quiet night. */
  private static final DoubleSupplier NO_JITTER = () -> 0;

  /** What the ladder can see of the adapter and do to it. */
  public interface Port {
    AdapterState adapterState();

    void restartDiscovery() throws Exception;

    void powerCycle() throws Exception;

    /** The last step: the caller ends the process with status 75 (common.cli.ExitCodes.RADIO_FAILED). */
    void giveUp(String reason);
  }

  /** The adapter as last seen; {@link #ABSENT} when there is none. */
  public record AdapterState(boolean present, boolean powered, boolean discovering) {
    public static final AdapterState ABSENT = new AdapterState(false, false, false);
    public static final AdapterState SCANNING = new AdapterState(true, true, true);
  }

  /**
   * @param quietThreshold no advertisements for this long while powered and discovering counts as
   *     quiet (a rate-limited discovery restart, never escalation)
   * @param quietMaxInterval cap of the doubling interval between quiet restarts; at least {@code
   *     quietThreshold}
   * @param backoff the wait after each attempt of a step before the next: the first waits up to
   *     its {@code initial}, doubling up to its {@code max}, shortened at random by up to its
   *     {@code jitter} so that gateways that failed together do not act together
   * @param discoveryAttempts discovery restarts in a row before the adapter is power-cycled
   * @param powerCycleAttempts power cycles in a row before giving up
   * @param adapterWait how long to wait for a vanished adapter before giving up
   * @param stableAfter healthy this long (or an advertisement after the last action) resets the
   *     escalation
   */
  public record Policy(Duration quietThreshold, Duration quietMaxInterval, Backoff backoff,
      int discoveryAttempts, int powerCycleAttempts, Duration adapterWait, Duration stableAfter) {

    public Policy {
      positive("quietThreshold", quietThreshold);
      positive("quietMaxInterval", quietMaxInterval);
      new Backoff(quietThreshold, quietMaxInterval, 0); // refuses a cap below the threshold
      Objects.requireNonNull(backoff, "backoff");
      positive("adapterWait", adapterWait);
      positive("stableAfter", stableAfter);
      if (discoveryAttempts < 1 || powerCycleAttempts < 1) {
        throw new IllegalArgumentException("discoveryAttempts and powerCycleAttempts must be >= 1, were "
            + discoveryAttempts + " and " + powerCycleAttempts);
      }
    }

    /** quiet 5 min (doubling to 1 h), backoff 10 s doubling to 5 min, 3 restarts, 2 power cycles, 2 min for an adapter. */
    public static Policy defaults() {
      return new Policy(Duration.ofMinutes(5), Duration.ofHours(1),
          new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(5), 0.2), 3, 2, Duration.ofMinutes(2),
          Duration.ofMinutes(10));
    }

    /** The interval between quiet restarts: the threshold, doubling up to the cap, without jitter. */
    public Backoff quietBackoff() {
      return new Backoff(quietThreshold, quietMaxInterval, 0);
    }

    private static void positive(String name, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
      }
    }
  }

  private final Port port;
  private final InstantSource clock;
  private final Policy policy;
  private final DoubleSupplier random;
  private volatile Instant lastAdvertisement;

  // guarded by this
  private final Instant startedAt;
  private RadioState status = RadioState.SCANNING;
  private Instant lastActionAt;
  private Instant nextActionAt;
  private Instant goneSince;
  private Instant healthySince;
  private Instant nextQuietAt;
  private int quietRetries;
  private int discoveryFailures;
  private int powerFailures;
  private long discoveryRestarts;
  private long quietRestarts;
  private long powerCycles;
  private long adapterLosses;
  private long adapterReturns;
  private long actionFailures;

  public RecoveryLadder(Port port, InstantSource clock, Policy policy, DoubleSupplier random) {
    this.port = Objects.requireNonNull(port, "port");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.random = Objects.requireNonNull(random, "random");
    this.startedAt = clock.instant();
  }

  /** Called for every advertisement; cheap (one volatile write). */
  public void onAdvertisement(Instant at) {
    lastAdvertisement = at;
  }

  /** Looks at the adapter and takes at most one step. */
  public synchronized void tick() {
    if (status == RadioState.FAILED) {
      return;
    }
    Instant now = clock.instant();
    AdapterState s = port.adapterState();
    if (!s.present()) {
      status = RadioState.WAITING_FOR_ADAPTER;
      healthySince = null;
      if (goneSince == null) {
        goneSince = now;
        adapterLosses++;
        LOG.warn("radio: adapter gone; waiting up to {} for it to come back", policy.adapterWait());
      } else if (!now.isBefore(goneSince.plus(policy.adapterWait()))) {
        fail("no Bluetooth adapter for " + policy.adapterWait().toSeconds() + " s");
      }
      return;
    }
    if (goneSince != null) {
      goneSince = null;
      adapterReturns++;
      discoveryFailures = 0;
      powerFailures = 0;
      nextActionAt = null;
      lastActionAt = now;
      LOG.info("radio: adapter back");
    }
    if (!s.powered() || !s.discovering()) {
      status = RadioState.RECOVERING;
      healthySince = null;
      if (nextActionAt != null && now.isBefore(nextActionAt)) {
        return;
      }
      if (!s.powered() || discoveryFailures >= policy.discoveryAttempts()) {
        if (powerFailures >= policy.powerCycleAttempts()) {
          fail(powerFailures + " power cycles did not bring discovery back");
          return;
        }
        powerFailures++;
        powerCycles++;
        LOG.warn("radio: power-cycling the adapter (powered={}, discovering={}, attempt {})",
            s.powered(), s.discovering(), powerFailures);
        act(now, powerFailures, () -> port.powerCycle());
      } else {
        discoveryFailures++;
        discoveryRestarts++;
        LOG.warn("radio: discovery stopped; restarting it (attempt {})", discoveryFailures);
        act(now, discoveryFailures, () -> port.restartDiscovery());
      }
      return;
    }
    // powered and discovering
    if (healthySince == null) {
      healthySince = now;
    }
    Instant advert = lastAdvertisement;
    boolean advertAfterAction = advert != null && (lastActionAt == null || advert.isAfter(lastActionAt));
    if (advertAfterAction || !now.isBefore(healthySince.plus(policy.stableAfter()))) {
      discoveryFailures = 0;
      powerFailures = 0;
      nextActionAt = null;
    }
    Instant lastSign = latest(latest(startedAt, lastActionAt), advert);
    if (now.isBefore(lastSign.plus(policy.quietThreshold()))) {
      status = RadioState.SCANNING;
      quietRetries = 0;
      nextQuietAt = null;
      return;
    }
    status = RadioState.QUIET;
    if (nextQuietAt == null || !now.isBefore(nextQuietAt)) {
      quietRestarts++;
      LOG.info("radio: no advertisements for {} while discovering; restarting discovery", policy.quietThreshold());
      try {
        port.restartDiscovery();
      } catch (Exception e) {
        actionFailures++;
        LOG.warn("radio: discovery restart failed: {}", Redact.scrub(e));
      }
      nextQuietAt = now.plus(policy.quietBackoff().delay(quietRetries++, NO_JITTER));
    }
  }

  private interface Action {
    void run() throws Exception;
  }

  private void act(Instant now, int attempt, Action action) {
    lastActionAt = now;
    try {
      action.run();
    } catch (Exception e) {
      actionFailures++;
      LOG.warn("radio: recovery step failed: {}", Redact.scrub(e));
    }
    nextActionAt = now.plus(backoff(attempt));
  }

  /** The wait after attempt {@code attempt} (from 1) of a step. */
  Duration backoff(int attempt) {
    return policy.backoff().delay(attempt - 1, random);
  }

  private void fail(String reason) {
    status = RadioState.FAILED;
    LOG.error("radio: giving up: {}", reason);
    port.giveUp(reason);
  }

  public synchronized RadioState status() {
    return status;
  }

  public synchronized RadioHealth.Recovery counters() {
    return new RadioHealth.Recovery(discoveryRestarts, quietRestarts, powerCycles, adapterLosses,
        adapterReturns, actionFailures, status == RadioState.FAILED);
  }

  private static Instant latest(Instant a, Instant b) {
    return b == null || a.isAfter(b) ? a : b;
  }
}
