package org.proximity.gateway.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import org.proximity.gateway.radio.simulator.PhoneKind;
import org.proximity.gateway.radio.simulator.SimulatedDailyKey;
import org.proximity.gateway.radio.simulator.SimulatedPhone;
import org.proximity.gateway.radio.simulator.SimulationConfig;

/**
 * The {@code simulate} command's ground-truth file, format {@value #FORMAT} (docs/simulate.md,
 * docs/schema/simulate-truth.schema.json). It holds every phone's keys: it is written to the
 * {@code --truth} file only, never to a log or a terminal.
 */
final class SimulationTruthJson {
  static final String FORMAT = "proximity-gateway/simulate-truth/1";
  private static final JsonFactory JSON = new JsonFactory();
  private static final HexFormat HEX = HexFormat.of();
  private static final long SECONDS_PER_DAY = 86_400;

  private SimulationTruthJson() {}

  /** The wire name of a phone's protocol: the {@code counts} kinds of the encounters payload. */
  static String protocol(PhoneKind kind) {
    return switch (kind) {
      case GAEN -> "gaen";
      case BLUEZONE_ANDROID -> "bluezone";
      case BLUEZONE_IOS -> "bluezone_ios";
    };
  }

  /**
   * Writes the truth of a finished run: presence clipped to the run's {@code [start, end)}, and for
   * each phone the keys of the UTC days it was present in the run (none for Bluezone on iOS).
   */
  static void write(OutputStream out, SimulationConfig config, int backgroundDevices, List<SimulatedPhone> phones)
      throws IOException {
    Instant start = config.start();
    Instant end = config.end();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("format", FORMAT);
      g.writeNumberField("seed", config.seed());
      g.writeStringField("start", start.toString());
      g.writeStringField("end", end.toString());
      g.writeNumberField("background", backgroundDevices);
      g.writeNumberField("loss_rate", config.lossRate());
      g.writeArrayFieldStart("phones");
      for (SimulatedPhone p : phones) {
        Instant from = p.arrival().isBefore(start) ? start : p.arrival();
        Instant to = p.departure().isAfter(end) ? end : p.departure();
        if (!from.isBefore(to)) {
          continue;
        }
        g.writeStartObject();
        g.writeNumberField("number", p.number());
        g.writeStringField("protocol", protocol(p.kind()));
        g.writeArrayFieldStart("present");
        g.writeStartObject();
        g.writeStringField("from", from.toString());
        g.writeStringField("to", to.toString());
        g.writeEndObject();
        g.writeEndArray();
        if (p.kind() != PhoneKind.BLUEZONE_IOS) {
          writeKeys(g, p, day(from), day(to.minusNanos(1)));
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  private static void writeKeys(JsonGenerator g, SimulatedPhone p, long firstDay, long lastDay) throws IOException {
    g.writeArrayFieldStart("keys");
    for (SimulatedDailyKey k : p.dailyKeys()) {
      if (k.epochDay() < firstDay || k.epochDay() > lastDay) {
        continue;
      }
      g.writeStartObject();
      if (p.kind() == PhoneKind.GAEN) {
        g.writeStringField("tek", HEX.formatHex(k.key()));
        g.writeNumberField("rolling_start_interval_number", k.rollingStartIntervalNumber());
      } else {
        g.writeStringField("daily_key", HEX.formatHex(k.key()));
        g.writeStringField("day", LocalDate.ofEpochDay(k.epochDay()).toString());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static long day(Instant t) {
    return Math.floorDiv(t.getEpochSecond(), SECONDS_PER_DAY);
  }
}
