package org.proximity.gateway.app;

import java.util.Locale;
import org.proximity.gateway.clock.MonotonicClock;
import org.proximity.gateway.publish.Forwarder;
import org.proximity.gateway.radio.AdvertisementSource;

/**
 * The service in one line, for systemd's {@code STATUS=} ({@code systemctl status}): source and
 * radio state, advertisements per second since the previous line, IDs tracked, outbox depth and
 * the broker. Called from one thread at a time; its rate is per caller.
 */
final class StatusLine {
  private final Gateway gateway;
  private final AdvertisementSource source;
  private final MonotonicClock monotonic;
  private long lastReceived;
  private long lastNanos;

  StatusLine(Gateway gateway, AdvertisementSource source, MonotonicClock monotonic) {
    this.gateway = gateway;
    this.source = source;
    this.monotonic = monotonic;
    this.lastNanos = monotonic.nanos();
  }

  synchronized String line() {
    PipelineStats p = gateway.pipeline().stats();
    long now = monotonic.nanos();
    double rate = (p.received() - lastReceived) / Math.max(1e-3, (now - lastNanos) / 1e9);
    lastReceived = p.received();
    lastNanos = now;
    String radio = source.radioHealth().map(h -> h.state().name()).orElse("running");
    Forwarder f = gateway.forwarder();
    return String.format(Locale.ROOT, "%s %s: %.1f adv/s, %d ids tracked, outbox %d, broker %s (%d reconnects)",
        source.name(), radio, rate, p.trackedIds(), gateway.outbox().stats().entries(),
        f.connected() ? "connected" : "NOT connected", f.reconnects());
  }
}
