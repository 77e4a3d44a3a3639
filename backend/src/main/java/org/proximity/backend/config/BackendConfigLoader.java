package org.proximity.backend.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.proximity.common.config.ConfigException;
import org.proximity.common.config.TomlTable;
import org.proximity.common.mqtt.MqttKeys;

/** Reads and validates {@code backend.toml}. Reports every problem at once. */
public final class BackendConfigLoader {
  private BackendConfigLoader() {}

  public static BackendConfig load(Path file) throws ConfigException {
    return parse(TomlTable.readFile(file), file.toString());
  }

  public static BackendConfig parse(String toml, String origin) throws ConfigException {
    List<String> problems = new ArrayList<>();
    TomlTable top = TomlTable.root(toml, origin, problems);
    BackendConfig.Collector collector = collector(top.table("collector"));
    BackendConfig.Store store = store(top.table("store"));
    BackendConfig.Mqtt mqtt = mqtt(top.table("mqtt"));
    top.rejectUnknown();
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new BackendConfig(collector, store, mqtt);
  }

  private static BackendConfig.Collector collector(TomlTable t) {
    String name = t.string("name", "collector-1");
    if (!MqttKeys.ID.matcher(name).matches()) {
      t.problem("name", "must be 1-64 characters from A-Z a-z 0-9 . _ -", "\"" + name + "\"");
    }
    BackendConfig.Collector c = new BackendConfig.Collector(
        name,
        (int) t.integer("max_group_messages", 256, 1, 100_000),
        (int) t.integer("health_seconds", 60, 1, 86_400),
        (int) t.integer("reject_log_seconds", 600, 1, 86_400));
    t.rejectUnknown();
    return c;
  }

  private static BackendConfig.Store store(TomlTable t) {
    String url = t.string("url", "/var/lib/proximity-backend/store.db");
    if (url.isEmpty()) {
      t.problem("url", "must be an SQLite file path or a jdbc:sqlite: or jdbc:postgresql: URL", "\"\"");
    } else if (url.startsWith("jdbc:") && !url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
      t.problem("url", "must be an SQLite file path or a jdbc:sqlite: or jdbc:postgresql: URL", "\"" + url + "\"");
    }
    String user = t.string("user", "");
    Path password = MqttKeys.path(t.string("password_file", ""));
    t.rejectUnknown();
    return new BackendConfig.Store(url, user, password);
  }

  private static BackendConfig.Mqtt mqtt(TomlTable t) {
    MqttKeys broker = MqttKeys.read(t);
    String group = t.string("share_group", "");
    if (!group.isEmpty() && !MqttKeys.ID.matcher(group).matches()) {
      t.problem("share_group", "must be empty or 1-64 characters from A-Z a-z 0-9 . _ -", "\"" + group + "\"");
    }
    t.rejectUnknown();
    return new BackendConfig.Mqtt(broker, group);
  }
}
