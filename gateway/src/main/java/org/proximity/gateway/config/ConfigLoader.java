package org.proximity.gateway.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and validates {@code gateway.toml}. Reports every problem at once. */
public final class ConfigLoader {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern URL = Pattern.compile("(tcp|ssl)://[^\\s/:]+(:[0-9]{1,5})?");

  private ConfigLoader() {}

  /** A config file is a few kilobytes; a larger one is a mistake and is never read whole. */
  static final int MAX_CONFIG_BYTES = 1 << 20;

  public static GatewayConfig load(Path file) throws ConfigException {
    String text;
    try {
      long size = Files.size(file);
      if (size > MAX_CONFIG_BYTES) {
        throw new ConfigException("config file " + file + " must be at most " + MAX_CONFIG_BYTES + " bytes, but is " + size);
      }
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file " + file + " does not exist");
    } catch (IOException | UncheckedIOException e) {
      throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
    }
    return parse(text, file.toString());
  }

  public static GatewayConfig parse(String toml, String origin) throws ConfigException {
    JsonNode root;
    try {
      root = new TomlMapper().readTree(toml);
    } catch (JacksonException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new ConfigException(origin + " is not valid TOML" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConfigException(origin + " cannot be read: " + e.getMessage());
    }
    List<String> problems = new ArrayList<>();
    TomlTable top = new TomlTable(root, "", problems);
    String site = id(top, "site", null);
    String gateway = id(top, "gateway", null);
    GatewayConfig.Radio radio = radio(top.table("radio"));
    GatewayConfig.Keys keys = keys(top.table("keys"));
    GatewayConfig.Buckets buckets = buckets(top.table("buckets"));
    TomlTable c = top.table("clock");
    GatewayConfig.Clock clock =
        new GatewayConfig.Clock(
            c.choice("sync", "auto", List.of("auto", "trust")), (int) c.integer("max_hold_minutes", 360, 0, 10_080));
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

  private static String id(TomlTable t, String key, String dflt) {
    String v = t.string(key, dflt);
    if (v == null) {
      t.problem(key, "is required", "missing");
    } else if (!ID.matcher(v).matches()) {
      t.problem(key, "must be 1-64 characters from A-Z a-z 0-9 . _ -", "\"" + v + "\"");
    }
    return v;
  }

  private static GatewayConfig.Radio radio(TomlTable t) {
    String source = t.choice("source", "bluez", List.of("bluez", "tinyb", "replay", "simulator"));
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
    if (source.equals("replay") && file.isEmpty()) {
      t.problem("replay.file", "is required when radio.source = \"replay\"", "\"\"");
    }
    t.rejectUnknown();
    return new GatewayConfig.Radio(source, adapter, queue, sim, replay);
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
            (int) t.integer("max_ids", 50_000, 1, 10_000_000),
            (int) t.integer("max_addresses", 50_000, 1, 10_000_000),
            (int) t.integer("close_grace_seconds", 5, 0, 600));
    t.rejectUnknown();
    return b;
  }

  private static GatewayConfig.Mqtt mqtt(TomlTable t) {
    String url = t.string("url", "tcp://127.0.0.1:1883");
    Matcher u = URL.matcher(url);
    if (!u.matches()) {
      t.problem("url", "must look like tcp://host:port or ssl://host:port", "\"" + url + "\"");
    } else if (u.group(2) != null && !validPort(u.group(2).substring(1))) {
      t.problem("url", "must have a port from 1 to 65535", "\"" + url + "\"");
    }
    String prefix = t.string("topic_prefix", "proximity");
    if (!ID.matcher(prefix).matches()) {
      t.problem("topic_prefix", "must be 1-64 characters from A-Z a-z 0-9 . _ -", "\"" + prefix + "\"");
    }
    Path ca = t.path("ca_file", "");
    Path cert = t.path("cert_file", "");
    Path key = t.path("key_file", "");
    if ((cert == null) != (key == null)) {
      t.problem("cert_file", "and mqtt.key_file must be given together", cert == null ? "\"\"" : "\"" + cert + "\"");
    }
    if (!url.startsWith("ssl://") && (ca != null || cert != null)) {
      t.problem("url", "must start with ssl:// when mqtt.ca_file or mqtt.cert_file is set", "\"" + url + "\"");
    }
    String user = t.string("username", "");
    Path password = t.path("password_file", "");
    if (password != null && user.isEmpty()) {
      t.problem("username", "is required when mqtt.password_file is set", "\"\"");
    }
    GatewayConfig.Mqtt m =
        new GatewayConfig.Mqtt(
            url,
            prefix,
            ca,
            cert,
            key,
            user,
            password,
            (int) t.integer("max_inflight", 32, 1, 1000),
            (int) t.integer("keepalive_seconds", 30, 5, 3600),
            (int) t.integer("max_records_per_message", 500, 1, 100_000),
            (int) t.integer("ack_timeout_seconds", GatewayConfig.Mqtt.DEFAULT_ACK_TIMEOUT_SECONDS, 10, 3600),
            t.bool("allow_plaintext", false));
    if (u.matches() && !m.tls() && !m.loopback() && !m.allowPlaintext()) {
      t.problem("url", "must start with ssl:// for a broker that is not on this machine (credentials and records"
          + " would cross the network unencrypted); set mqtt.allow_plaintext = true to accept that", "\"" + url + "\"");
    }
    t.rejectUnknown();
    return m;
  }

  private static boolean validPort(String digits) {
    int port = Integer.parseInt(digits); // at most 5 digits (URL)
    return port >= 1 && port <= 65_535;
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
            t.choice("sync", "batch", List.of("batch", "none")));
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
