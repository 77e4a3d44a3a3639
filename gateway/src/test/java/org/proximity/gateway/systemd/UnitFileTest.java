package org.proximity.gateway.systemd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped unit's lines that the service relies on (systemd's own checks of it: UnitFileIT). */
class UnitFileTest {
  static final Path UNIT = Path.of(System.getProperty("docs.dir", "../docs")).resolveSibling("systemd")
      .resolve("proximity-gateway.service");

  @Test
  void isTypeNotifyWithAWatchdog() throws IOException {
    List<String> lines = Files.readAllLines(UNIT);
    assertTrue(lines.contains("Type=notify"), "Type=notify");
    assertTrue(lines.contains("NotifyAccess=main"), "only the JVM may notify");
    assertTrue(lines.stream().anyMatch(l -> l.matches("WatchdogSec=[1-9]\\d*s")), "WatchdogSec=");
  }
}
