package org.proximity.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void quietLibraryLogs_dbusJavaLogsOnlyErrors_becauseItsWarningsCarryWholeSignals() {
    String key = "org.slf4j.simpleLogger.log.org.freedesktop";
    String before = System.getProperty(key);
    System.clearProperty(key);
    try {
      Main.quietLibraryLogs();
      assertEquals("error", System.getProperty(key));
      assertEquals("error", System.getProperty("org.slf4j.simpleLogger.log.com.github.hypfvieh"));
    } finally {
      if (before == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, before);
      }
    }
  }
}
