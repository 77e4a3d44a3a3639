package org.proximity.common.mqtt;

import java.text.MessageFormat;
import java.util.Arrays;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import org.eclipse.paho.client.mqttv3.logging.Logger;
import org.slf4j.event.Level;

/**
 * Paho's log records through SLF4J, in the service's one log format and with its levels, instead
 * of java.util.logging, which would print them in a second format and costs some forty classes and
 * a configuration read at every start. Paho names most messages by a key of its catalog ("208")
 * with inserts; the text is only looked up for a record that is logged. Paho instantiates this
 * class by name ({@link PahoClients#logThroughSlf4j}).
 */
public final class PahoSlf4jLogger implements Logger {
  private static final Slf4jTarget UNNAMED = Slf4jTarget.named("org.eclipse.paho.client.mqttv3");

  // Paho makes one of these per token, so per publish: no lookup here that initialise repeats
  private ResourceBundle catalog;
  private Slf4jTarget log = UNNAMED;

  /** Paho's levels, SEVERE (1) to FINEST (7), as SLF4J's. */
  static Level level(int pahoLevel) {
    return switch (pahoLevel) {
      case SEVERE -> Level.ERROR;
      case WARNING -> Level.WARN;
      case INFO -> Level.INFO;
      case CONFIG, FINE -> Level.DEBUG;
      default -> Level.TRACE;
    };
  }

  @Override
  public void initialise(ResourceBundle messageCatalog, String loggerId, String resourceName) {
    this.catalog = messageCatalog;
    this.log = Slf4jTarget.named(loggerId);
  }

  @Override
  public void setResourceName(String logContext) {
    // the client id Paho passes: SLF4J's logger names the class, the messages name the client
  }

  @Override
  public boolean isLoggable(int level) {
    return log.enabled(level(level));
  }

  @Override
  public void log(int level, String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
    Level l = level(level);
    if (log.enabled(l)) {
      log.log(l, sourceMethod + ": " + formatMessage(msg, inserts), thrown);
    }
  }

  @Override
  public void trace(int level, String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable ex) {
    log(level, sourceClass, sourceMethod, msg, inserts, ex);
  }

  @Override
  public String formatMessage(String msg, Object[] inserts) {
    String pattern = msg;
    if (catalog != null && msg != null) {
      try {
        pattern = catalog.getString(msg);
      } catch (MissingResourceException notAKey) {
        // a trace record gives its text, not a key
      }
    }
    if (inserts == null || inserts.length == 0) {
      return pattern;
    }
    Object[] plain = inserts.clone();
    for (int i = 0; i < plain.length; i++) {
      if (plain[i] instanceof Number n) {
        plain[i] = n.toString(); // message ids and counts as they are, not "12,345"
      }
    }
    try {
      return new MessageFormat(pattern, Locale.ROOT).format(plain);
    } catch (IllegalArgumentException notAPattern) {
      return pattern + " " + Arrays.toString(plain); // never throw inside Paho's threads
    }
  }

  @Override
  public void dumpTrace() {
    // Paho's trace buffer belongs to its java.util.logging handler; there is none here
  }

  @Override
  public void severe(String sourceClass, String sourceMethod, String msg) {
    log(SEVERE, sourceClass, sourceMethod, msg, null, null);
  }

  @Override
  public void severe(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
    log(SEVERE, sourceClass, sourceMethod, msg, inserts, null);
  }

  @Override
  public void severe(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
    log(SEVERE, sourceClass, sourceMethod, msg, inserts, thrown);
  }

  @Override
  public void warning(String sourceClass, String sourceMethod, String msg) {
    log(WARNING, sourceClass, sourceMethod, msg, null, null);
  }

  @Override
  public void warning(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
    log(WARNING, sourceClass, sourceMethod, msg, inserts, null);
  }

  @Override
  public void warning(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
    log(WARNING, sourceClass, sourceMethod, msg, inserts, thrown);
  }

  @Override
  public void info(String sourceClass, String sourceMethod, String msg) {
    log(INFO, sourceClass, sourceMethod, msg, null, null);
  }

  @Override
  public void info(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
    log(INFO, sourceClass, sourceMethod, msg, inserts, null);
  }

  @Override
  public void info(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
    log(INFO, sourceClass, sourceMethod, msg, inserts, thrown);
  }

  @Override
  public void config(String sourceClass, String sourceMethod, String msg) {
    log(CONFIG, sourceClass, sourceMethod, msg, null, null);
  }

  @Override
  public void config(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
    log(CONFIG, sourceClass, sourceMethod, msg, inserts, null);
  }

  @Override
  public void config(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
    log(CONFIG, sourceClass, sourceMethod, msg, inserts, thrown);
  }

  @Override
  public void fine(String sourceClass, String sourceMethod, String msg) {
    log(FINE, sourceClass, sourceMethod, msg, null, null);
  }

  @Override
  public void fine(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
    log(FINE, sourceClass, sourceMethod, msg, inserts, null);
  }

  @Override
  public void fine(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
    log(FINE, sourceClass, sourceMethod, msg, inserts, thrown);
  }

  @Override
  public void finer(String sourceClass, String sourceMethod, String msg) {
    log(FINER, sourceClass, sourceMethod, msg, null, null);
  }

  @Override
  public void finer(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
    log(FINER, sourceClass, sourceMethod, msg, inserts, null);
  }

  @Override
  public void finer(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
    log(FINER, sourceClass, sourceMethod, msg, inserts, thrown);
  }

  @Override
  public void finest(String sourceClass, String sourceMethod, String msg) {
    log(FINEST, sourceClass, sourceMethod, msg, null, null);
  }

  @Override
  public void finest(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
    log(FINEST, sourceClass, sourceMethod, msg, inserts, null);
  }

  @Override
  public void finest(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
    log(FINEST, sourceClass, sourceMethod, msg, inserts, thrown);
  }
}
