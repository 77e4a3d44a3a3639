package org.proximity.common.mqtt;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** The SLF4J logger that {@link PahoSlf4jLogger} writes to (apart, since both libraries name theirs Logger). */
record Slf4jTarget(Logger log) {
  static Slf4jTarget named(String name) {
    return new Slf4jTarget(LoggerFactory.getLogger(name));
  }

  boolean enabled(Level level) {
    return log.isEnabledForLevel(level);
  }

  void log(Level level, String text, Throwable thrown) {
    if (thrown == null) {
      log.atLevel(level).log(text);
    } else {
      log.atLevel(level).setCause(thrown).log(text);
    }
  }
}
