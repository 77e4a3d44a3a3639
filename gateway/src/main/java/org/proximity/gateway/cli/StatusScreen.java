package org.proximity.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code status} screen from the service's status file (pure: the file's JSON, the time and
 * whether its process lives go in, lines come out). Says plainly when the service is not running.
 */
final class StatusScreen {
  /** LSB's "program is not running" status (for scripts); also for a stale or unreadable file. */
  static final int NOT_RUNNING = 3;

  record Screen(int exit, String text) {}

  private StatusScreen() {}

  static Screen notRunning(String why) {
    return new Screen(NOT_RUNNING, "proximity-gateway is NOT running: " + why
        + "\n  systemctl status proximity-gateway; journalctl -u proximity-gateway -n 50\n");
  }

  static Screen render(JsonNode s, Instant now, boolean processAlive, Duration staleAfter) {
    Instant written;
    try {
      written = Instant.parse(s.path("written").asText());
    } catch (DateTimeParseException e) {
      return notRunning("the status file is unreadable (no valid \"written\" time)");
    }
    long age = Duration.between(written, now).toSeconds();
    if (!processAlive) {
      return notRunning("its process " + s.path("pid").asLong() + " is gone; status file last written " + age + " s ago");
    }
    if (age > staleAfter.toSeconds()) {
      return notRunning("the status file is STALE, last written " + age + " s ago (it is rewritten every 5 s):"
          + " the service is hung or stopped");
    }
    List<String> l = new ArrayList<>();
    l.add("proximity-gateway: running since " + s.path("started").asText() + " (pid " + s.path("pid").asLong()
        + ", status " + age + " s old)");
    l.add("  LED         " + s.path("led").asText("not yet set (first health report after a minute)"));
    JsonNode r = s.path("radio");
    l.add("  radio       " + s.path("source").asText() + " " + r.path("state").asText() + ", " + r.path("recoveries").asLong()
        + " recoveries, " + r.path("adapter_losses").asLong() + " adapter losses");
    StringBuilder rates = new StringBuilder();
    s.path("per_second").fields().forEachRemaining(e -> rates.append(rates.length() == 0 ? "" : ", ")
        .append(e.getKey()).append(' ').append(e.getValue().asDouble()));
    l.add("  adv/s       " + (rates.length() == 0 ? "none heard" : rates));
    l.add("  tracked     " + s.path("tracked_ids").asLong() + " IDs in open buckets, " + s.path("batches").asLong()
        + " batches closed");
    JsonNode o = s.path("outbox");
    l.add("  outbox      " + o.path("entries").asLong() + " waiting" + (o.path("oldest").isNull()
        ? "" : ", oldest since " + o.path("oldest").asText()));
    JsonNode b = s.path("broker");
    l.add("  broker      " + (b.path("connected").asBoolean() ? "connected" : "NOT connected") + ", "
        + b.path("reconnects").asLong() + " reconnects, last publish "
        + (b.path("last_publish").isNull() ? "none yet" : b.path("last_publish").asText()));
    JsonNode c = s.path("clock");
    l.add("  clock       " + (c.path("synced").asBoolean() ? "synchronised" : "NOT synchronised") + " ("
        + c.path("source").asText() + ")");
    l.add("  day key     " + (s.path("day_key").isNull() ? "derived from a root key" : s.path("day_key").asText()));
    return new Screen(0, String.join("\n", l) + "\n");
  }
}
