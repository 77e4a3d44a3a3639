package org.proximity.backend.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.proximity.common.config.ConfigException;

class BackendConfigLoaderTest {
  static final Path DIST = Path.of(System.getProperty("dist.dir", "src/main/dist"), "backend.toml");

  @Test
  void theShippedFile_holdsExactlyTheDefaults() throws Exception {
    assertEquals(BackendConfigLoader.parse("", "empty"), BackendConfigLoader.load(DIST));
  }

  @Test
  void filters_andTheSharedGroup() throws Exception {
    BackendConfig c = BackendConfigLoader.parse("[mqtt]\ntopic_prefix = \"px\"\nshare_group = \"fleet\"\n", "t");
    assertEquals("$share/fleet/px/+/+/encounters", c.mqtt().filter("encounters"));
    assertEquals("px/backend/collector-1/health", c.mqtt().healthTopic(c.collector().name()));
    assertEquals("px/+/+/crowd", BackendConfigLoader.parse("[mqtt]\ntopic_prefix = \"px\"\n", "t").mqtt().filter("crowd"));
  }

  @Test
  void everyProblem_namesKeyRuleAndValue() {
    ConfigException e = assertThrows(ConfigException.class, () -> BackendConfigLoader.parse("""
        [collector]
        name = "a/b"
        max_group_messages = 0
        [store]
        url = "jdbc:mysql://h/db"
        [mqtt]
        share_group = "+"
        url = "http://h"
        colour = 1
        """, "t"));
    assertEquals(List.of(
        "collector.name must be 1-64 characters from A-Z a-z 0-9 . _ -, was \"a/b\"",
        "collector.max_group_messages must be between 1 and 100000, was 0",
        "store.url must be an SQLite file path or a jdbc:sqlite: or jdbc:postgresql: URL, was \"jdbc:mysql://h/db\"",
        "mqtt.url must look like tcp://host:port or ssl://host:port, was \"http://h\"",
        "mqtt.share_group must be empty or 1-64 characters from A-Z a-z 0-9 . _ -, was \"+\"",
        "unknown key mqtt.colour (known here: url, topic_prefix, ca_file, cert_file, key_file, username,"
            + " password_file, max_inflight, keepalive_seconds, allow_plaintext, share_group)"), e.problems());
  }
}
