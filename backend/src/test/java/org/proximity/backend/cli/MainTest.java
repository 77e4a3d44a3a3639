package org.proximity.backend.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
  @Test
  void noCommandIsAUsageError() {
    assertEquals(2, Main.run(new String[0]));
  }

  @Test
  void theCollectorCommandsAreRegistered() {
    var commands = new CommandLine(new Main()).getSubcommands().keySet();
    assertTrue(commands.contains("collect"), commands.toString());
    assertTrue(commands.contains("gaps"), commands.toString());
    assertTrue(commands.contains("match"), commands.toString());
  }
}
