package org.proximity.backend;

import java.nio.file.Path;
import org.proximity.backend.config.BackendConfig;
import org.proximity.backend.config.BackendConfigLoader;
import org.proximity.common.config.ConfigException;

/** backend.toml texts for tests. */
public final class TestConfigs {
  private TestConfigs() {}

  public static String toml(String brokerUrl, String storeUrl, String name, String shareGroup) {
    return "[collector]\nname = \"" + name + "\"\nhealth_seconds = 1\n"
        + "[store]\nurl = \"" + storeUrl + "\"\n"
        + "[mqtt]\nurl = \"" + brokerUrl + "\"\nshare_group = \"" + shareGroup + "\"\n";
  }

  public static BackendConfig config(String brokerUrl, Path db, String name, String shareGroup) throws ConfigException {
    return config(brokerUrl, db.toString(), name, shareGroup);
  }

  /** {@code storeUrl}: an SQLite file or a JDBC URL. */
  public static BackendConfig config(String brokerUrl, String storeUrl, String name, String shareGroup)
      throws ConfigException {
    return BackendConfigLoader.parse(toml(brokerUrl, storeUrl, name, shareGroup), "test");
  }
}
