package org.proximity.common.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ResourceBundle;
import org.eclipse.paho.client.mqttv3.logging.Logger;
import org.eclipse.paho.client.mqttv3.logging.LoggerFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class PahoSlf4jLoggerTest {
  private static PahoSlf4jLogger withPahosCatalog() {
    PahoSlf4jLogger log = new PahoSlf4jLogger();
    log.initialise(ResourceBundle.getBundle(LoggerFactory.MQTT_CLIENT_MSG_CAT), "org.eclipse.paho.test", null);
    return log;
  }

  /** Leaves Paho's setting on for the rest of this JVM: harmless, the other tests make their loggers themselves. */
  @Test
  void installed_pahoMakesOurLoggers() {
    PahoClients.logThroughSlf4j();
    assertInstanceOf(PahoSlf4jLogger.class, LoggerFactory.getLogger(LoggerFactory.MQTT_CLIENT_MSG_CAT, "x.Y"));
  }

  @Test
  void levels_mapOntoSlf4j_andFollowItsThreshold() {
    assertEquals(Level.ERROR, PahoSlf4jLogger.level(Logger.SEVERE));
    assertEquals(Level.WARN, PahoSlf4jLogger.level(Logger.WARNING));
    assertEquals(Level.INFO, PahoSlf4jLogger.level(Logger.INFO));
    assertEquals(Level.DEBUG, PahoSlf4jLogger.level(Logger.FINE));
    assertEquals(Level.TRACE, PahoSlf4jLogger.level(Logger.FINEST));
    // slf4j-simple's default threshold in tests is INFO: Paho's traces cost a level check and nothing more
    PahoSlf4jLogger log = withPahosCatalog();
    assertTrue(log.isLoggable(Logger.WARNING));
    assertFalse(log.isLoggable(Logger.FINE));
  }

  @Test
  void catalogKeys_becomeTheirText_withInserts() {
    PahoSlf4jLogger log = withPahosCatalog();
    // logcat.properties in Paho 1.2.5: 101=<init> ClientID={0} ServerURI={1} PersistenceType={2}
    assertEquals("<init> ClientID=g1 ServerURI=tcp://h:1883 PersistenceType=null",
        log.formatMessage("101", new Object[] {"g1", "tcp://h:1883", null}));
  }

  @Test
  void aWarningWithItsException_isOneSlf4jRecord_andATraceIsBelowTheThreshold() {
    PrintStream before = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8)); // slf4j-simple writes to System.err as it is now
    try {
      PahoSlf4jLogger log = withPahosCatalog();
      log.warning("ClientState", "checkForActivity", "101", new Object[] {"g1", "tcp://h:1883", "p"},
          new IOException("broker gone"));
      log.fine("ClientState", "send", "101", new Object[] {"trace", "x", "y"});
    } finally {
      System.setErr(before);
    }
    String out = err.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("WARN org.eclipse.paho.test - checkForActivity: <init> ClientID=g1 ServerURI=tcp://h:1883"
        + " PersistenceType=p"), out);
    assertTrue(out.contains("java.io.IOException: broker gone"), out);
    assertFalse(out.contains("ClientID=trace"), out);
  }

  @Test
  void aBraceThatIsNoPattern_isLoggedAsItIs_neverThrown() {
    assertEquals("odd { text [7]", withPahosCatalog().formatMessage("odd { text", new Object[] {7}));
  }

  @Test
  void textThatIsNotAKey_isKept_andNumbersAreNotLocalised() {
    PahoSlf4jLogger log = withPahosCatalog();
    assertEquals("no such key", log.formatMessage("no such key", null));
    assertEquals("seq 12345", log.formatMessage("seq {0}", new Object[] {12345}));
  }
}
