package org.proximity.gateway.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.proximity.gateway.health.Health;
import org.proximity.gateway.publish.KeyStats;
import org.proximity.gateway.radio.RadioHealth;
import org.proximity.gateway.radio.RadioState;

/**
 * The pure mapping from the health snapshot to the {@link GatewayStatus}, checked in this order:
 *
 * <ol>
 *   <li>no snapshot yet: {@link GatewayStatus#STARTING};
 *   <li>{@link GatewayStatus#FAULT}: the radio's recovery ladder is RECOVERING, WAITING_FOR_ADAPTER
 *       or FAILED (or gave up), or the outbox dropped records since the previous snapshot, or the
 *       day key cannot hash (the newest bucket was refused a key, or the key is dated after today
 *       by a synchronised clock), or the key file still holds an older key than the ratchet's;
 *   <li>broker not connected, or stalled (it stopped acknowledging publishes: {@code
 *       BrokerStats.stalled}), or clock not synchronised: {@link GatewayStatus#DEGRADED}, but
 *       {@link GatewayStatus#STARTING} while the uptime is below {@link #STARTUP_GRACE} (the first
 *       report comes before the first connection attempt has finished);
 *   <li>otherwise {@link GatewayStatus#OK}. A QUIET radio (powered and discovering, nothing heard,
 *       for example a station at night) counts as scanning. Simulator and replay sources report no
 *       radio state and count as scanning too.
 * </ol>
 */
public final class StatusRules {
  /** Below this uptime, a missing broker connection or clock sync shows STARTING, not DEGRADED. */
  public static final Duration STARTUP_GRACE = Duration.ofSeconds(30);

  private static final Set<RadioState> RADIO_FAULTS =
      EnumSet.of(RadioState.RECOVERING, RadioState.WAITING_FOR_ADAPTER, RadioState.FAILED);

  private StatusRules() {}

  /**
   * @param current the newest snapshot, or null before the first one
   * @param previous the snapshot before it, or null (then no outbox drop can be seen yet)
   */
  public static GatewayStatus status(Health current, Health previous) {
    if (current == null) {
      return GatewayStatus.STARTING;
    }
    if (radioFault(current.radio().health()) || outboxDropping(current, previous) || keyFault(current)) {
      return GatewayStatus.FAULT;
    }
    if (!current.broker().connected() || current.broker().stalled() || !current.clock().synced()) {
      return current.uptime().compareTo(STARTUP_GRACE) < 0 ? GatewayStatus.STARTING : GatewayStatus.DEGRADED;
    }
    return GatewayStatus.OK;
  }

  /**
   * The actual causes behind {@link #status}, for the log line (never the list of possible ones):
   * e.g. "broker not connected (records wait in the outbox)" when only the broker is away.
   */
  public static String cause(Health current, Health previous) {
    if (current == null) {
      return "no health snapshot yet";
    }
    List<String> causes = new ArrayList<>();
    RadioHealth radio = current.radio().health();
    if (radioFault(radio)) {
      causes.add("radio " + radio.state() + (radio.recovery().gaveUp() ? " (recovery gave up)" : ""));
    }
    if (outboxDropping(current, previous)) {
      causes.add("the outbox is dropping messages (outbox.max_mb or max_age_days reached)");
    }
    if (keyFault(current)) {
      causes.add("the day key is unusable (buckets not hashed, key file not replaced, or dated after today)");
    }
    if (!current.broker().connected()) {
      causes.add("broker not connected (records wait in the outbox)");
    } else if (current.broker().stalled()) {
      causes.add("broker not acknowledging (records wait in the outbox)");
    }
    if (!current.clock().synced()) {
      causes.add("clock not synchronised (" + current.clock().source() + ")");
    }
    return causes.isEmpty() ? "scanning, broker connected, clock synchronised" : String.join("; ", causes);
  }

  private static boolean radioFault(RadioHealth radio) {
    return radio != null && (radio.recovery().gaveUp() || RADIO_FAULTS.contains(radio.state()));
  }

  private static boolean keyFault(Health h) {
    KeyStats k = h.keys();
    boolean keyAfterToday = h.clock().synced() && k.day() > Math.floorDiv(h.time().getEpochSecond(), 86_400);
    return !k.hashing() || !k.fileCurrent() || keyAfterToday;
  }

  private static boolean outboxDropping(Health current, Health previous) {
    return previous != null && current.outbox().dropped() > previous.outbox().dropped();
  }
}
