package org.proximity.gateway.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.proximity.common.config.ConfigException;
import org.proximity.common.config.TomlTable;
import org.proximity.common.mqtt.MqttKeys;
import org.proximity.gateway.bucket.EncounterAggregator;

/** Reads and validates {@code gateway.toml}. Reports every problem at once. */
public final class ConfigLoader {
  /** A config file is a few kilobytes; a larger one is a mistake and is never read whole. */
  static final int MAX_CONFIG_BYTES = 1 << 20;
  private static final Pattern ID = MqttKeys.ID;

  private ConfigLoader() {}

  public static GatewayConfig load(Path file) throws ConfigException {
    return parse(TomlTable.readFile(file), file.toString());
  }

  public static GatewayConfig parse(String toml, String origin) throws ConfigException {
    List<String> problems = new ArrayList<>();
    TomlTable top = TomlTable.root(toml, origin, problems);
    String site = id(top, "site", "this place's id, shared by all its gateways");
    if (MqttKeys.BACKEND_LEVEL.equals(site)) {
      top.problem("site", "must not be \"" + MqttKeys.BACKEND_LEVEL + "\": that topic level is the backend's collectors'"
          + " (<prefix>/" + MqttKeys.BACKEND_LEVEL + "/<collector>/health)", "\"" + site + "\"");
    }
    String gateway = id(top, "gateway", "this gateway's id, unique within the site (also its MQTT client id)");
    GatewayConfig.Radio radio = radio(top.table("radio"));
    GatewayConfig.Keys keys = keys(top.table("keys"));
    GatewayConfig.Buckets buckets = buckets(top.table("buckets"));
    TomlTable c = top.table("clock");
    GatewayConfig.Clock clock =
        new GatewayConfig.Clock(
            c.choice("sync", GatewayConfig.ClockSync.AUTO, GatewayConfig.ClockSync.class), (int) c.integer("max_hold_minutes", 360, 0, 10_080));
    c.rejectUnknown();
    GatewayConfig.Mqtt mqtt = mqtt(top.table("mqtt"));
    GatewayConfig.Outbox outbox = outbox(top.table("outbox"));
    GatewayConfig.Status status = status(top.table("status"));
    top.rejectUnknown();
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new GatewayConfig(site, gateway, radio, keys, buckets, clock, mqtt, outbox, status);
  }

  /** A required id; the shipped gateway.toml leaves site and gateway empty for the technician. */
  private static String id(TomlTable t, String key, String what) {
    String v = t.string(key, null);
    if (v == null) {
      t.problem(key, "is required", "missing");
    } else if (v.isEmpty()) {
      t.problem(key, "must be filled in with " + what + ": 1-64 characters from A-Z a-z 0-9 . _ -", "\"\"");
    } else if (!ID.matcher(v).matches()) {
      t.problem(key, "must be 1-64 characters from A-Z a-z 0-9 . _ -", "\"" + v + "\"");
    }
    return v;
  }

  private static GatewayConfig.Radio radio(TomlTable t) {
    GatewayConfig.RadioSource source = t.choice("source", GatewayConfig.RadioSource.BLUEZ, GatewayConfig.RadioSource.class);
    String adapter = t.string("adapter", "hci0");
    int queue = (int) t.integer("queue_size", 8192, 16, 1_000_000);
    TomlTable s = t.table("simulator");
    GatewayConfig.Simulator sim =
        new GatewayConfig.Simulator(
            (int) s.integer("phones", 2000, 0, 100_000), s.number("speed", 1.0, 0, 100_000), s.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE));
    s.rejectUnknown();
    TomlTable r = t.table("replay");
    String file = r.string("file", "");
    GatewayConfig.Replay replay =
        new GatewayConfig.Replay(r.toPath("file", file), r.choice("format", "auto", List.of("auto", "btsnoop", "pcap", "pcapng")));
    r.rejectUnknown();
    if (source == GatewayConfig.RadioSource.REPLAY && file.isEmpty()) {
      t.problem("replay.file", "is required when radio.source = \"replay\"", "\"\"");
    }
    GatewayConfig.BluezoneIos ios = bluezoneIos(t.table("bluezone_ios"), source);
    t.rejectUnknown();
    return new GatewayConfig.Radio(source, adapter, queue, sim, replay, ios);
  }

  private static GatewayConfig.BluezoneIos bluezoneIos(TomlTable t, GatewayConfig.RadioSource source) {
    boolean read = t.bool("read_ids", false);
    if (read && source == GatewayConfig.RadioSource.TINYB) {
      // TinyB's Connect waits for D-Bus's own 25 s timeout and cannot be cancelled (docs/visibility.md)
      t.problem("read_ids", "can be true only with radio.source = \"bluez\" (TinyB cannot bound a GATT connection"
          + " to connect_timeout_seconds)", true);
      read = false;
    }
    GatewayConfig.BluezoneIos ios = new GatewayConfig.BluezoneIos(read,
        (int) t.integer("max_per_minute", 30, 1, 60), (int) t.integer("connect_timeout_seconds", 10, 1, 30));
    t.rejectUnknown();
    return ios;
  }

  private static GatewayConfig.Keys keys(TomlTable t) {
    Path day = t.path("day_key_file", "/var/lib/proximity-gateway/day.key");
    Path root = t.path("root_key_file", "");
    t.rejectUnknown();
    return new GatewayConfig.Keys(day, root);
  }

  private static GatewayConfig.Buckets buckets(TomlTable t) {
    long minutes = t.integer("minutes", 30, 1, 1440);
    if (1440 % minutes != 0) {
      t.problem("minutes", "must divide 1440 (a UTC day) evenly, e.g. 10, 15, 30, 60", minutes);
      minutes = 30;
    }
    GatewayConfig.Buckets b =
        new GatewayConfig.Buckets(
            (int) minutes,
            (int) t.integer("max_ids", 50_000, 1, EncounterAggregator.Limits.MAX),
            (int) t.integer("max_addresses", 50_000, 1, EncounterAggregator.Limits.MAX),
            (int) t.integer("close_grace_seconds", 5, 0, 600));
    t.rejectUnknown();
    return b;
  }

  private static GatewayConfig.Mqtt mqtt(TomlTable t) {
    GatewayConfig.Mqtt m =
        new GatewayConfig.Mqtt(MqttKeys.read(t), (int) t.integer("max_records_per_message", 500, 1, 100_000),
            (int) t.integer("ack_timeout_seconds", GatewayConfig.Mqtt.DEFAULT_ACK_TIMEOUT_SECONDS, 10, 3600));
    t.rejectUnknown();
    return m;
  }

  private static GatewayConfig.Outbox outbox(TomlTable t) {
    String raw = t.string("dir", "/var/lib/proximity-gateway/outbox");
    if (raw.isEmpty()) {
      t.problem("dir", "must not be empty", "\"\"");
    }
    Path dir = t.toPath("dir", raw);
    GatewayConfig.Outbox o =
        new GatewayConfig.Outbox(
            dir,
            t.integer("max_mb", 256, 1, 1_000_000),
            (int) t.integer("max_age_days", 14, 1, 3650),
            t.choice("sync", GatewayConfig.OutboxSync.BATCH, GatewayConfig.OutboxSync.class));
    t.rejectUnknown();
    return o;
  }

  private static GatewayConfig.Status status(TomlTable t) {
    long pin = t.integer("led_gpio", GatewayConfig.Status.NO_LED, GatewayConfig.Status.NO_LED, 27,
        "must be -1 (no LED) or a BCM GPIO number from 0 to 27");
    GatewayConfig.Status s = new GatewayConfig.Status((int) pin, t.bool("active_low", false));
    t.rejectUnknown();
    return s;
  }
}
