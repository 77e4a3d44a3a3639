package org.proximity.gateway.radio.bluez;

import java.time.Duration;
import java.util.Objects;
import org.proximity.gateway.ad.AdParser;
import org.proximity.gateway.radio.AdRebuilder;
import org.proximity.gateway.radio.recovery.RecoveryLadder;

/**
 * Settings of {@link BluezAdvertisementSource}.
 *
 * @param adapter the adapter by name ({@code hci0}) or by address ({@code AA:BB:CC:DD:EE:FF})
 * @param busAddress a D-Bus address such as {@code unix:path=/run/dbus/system_bus_socket}, or null
 *     for the system bus ({@code DBUS_SYSTEM_BUS_ADDRESS} is honoured)
 * @param tickInterval how often the recovery ladder looks at the adapter
 * @param cleanupInterval how often silent devices are removed from BlueZ's cache
 * @param silentBeforeRemoval how long a device must be silent before it is removed
 * @param rebuiltDataLimit the byte budget of rebuilt advertising data (see {@link AdRebuilder})
 * @param ladder the recovery ladder's thresholds and backoffs
 */
public record BluezConfig(String adapter, String busAddress, Duration tickInterval,
    Duration cleanupInterval, Duration silentBeforeRemoval, int rebuiltDataLimit,
    RecoveryLadder.Policy ladder) {

  public BluezConfig {
    Objects.requireNonNull(adapter, "adapter");
    if (adapter.isBlank()) {
      throw new IllegalArgumentException("radio.adapter must name an adapter (hci0) or its address, was blank");
    }
    positive("radio.tick_interval", tickInterval);
    positive("radio.bluez.cleanup_interval", cleanupInterval);
    positive("radio.bluez.remove_after", silentBeforeRemoval);
    if (rebuiltDataLimit < AdParser.LEGACY_MAX_LENGTH || rebuiltDataLimit > AdParser.EXTENDED_MAX_LENGTH) {
      throw new IllegalArgumentException("rebuiltDataLimit must be between 31 and 1650, was " + rebuiltDataLimit);
    }
    Objects.requireNonNull(ladder, "ladder");
  }

  /** Adapter {@code hci0} on the system bus; tick 5 s, clean-up every 60 s of devices silent 120 s. */
  public static BluezConfig defaults() {
    return new BluezConfig("hci0", null, Duration.ofSeconds(5), Duration.ofSeconds(60),
        Duration.ofSeconds(120), AdParser.LEGACY_MAX_LENGTH, RecoveryLadder.Policy.defaults());
  }

  public BluezConfig withAdapter(String a) {
    return new BluezConfig(a, busAddress, tickInterval, cleanupInterval, silentBeforeRemoval, rebuiltDataLimit, ladder);
  }

  public BluezConfig withBusAddress(String a) {
    return new BluezConfig(adapter, a, tickInterval, cleanupInterval, silentBeforeRemoval, rebuiltDataLimit, ladder);
  }

  public BluezConfig withTickInterval(Duration d) {
    return new BluezConfig(adapter, busAddress, d, cleanupInterval, silentBeforeRemoval, rebuiltDataLimit, ladder);
  }

  public BluezConfig withCleanup(Duration interval, Duration silentFor) {
    return new BluezConfig(adapter, busAddress, tickInterval, interval, silentFor, rebuiltDataLimit, ladder);
  }

  public BluezConfig withLadder(RecoveryLadder.Policy p) {
    return new BluezConfig(adapter, busAddress, tickInterval, cleanupInterval, silentBeforeRemoval, rebuiltDataLimit, p);
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
    }
  }
}
