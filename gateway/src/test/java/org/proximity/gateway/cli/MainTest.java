package org.proximity.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

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

  @Test
  void aCommandLine_holdsOnlyTheCommandItsFirstWordNames_helpTyposAndNothingGetThemAll() {
    assertEquals(Set.of("replay"), Main.commandLine("replay", "x.pcap", "--out", "y").getSubcommands().keySet());
    assertEquals(Set.of("keys"), Main.commandLine("keys", "derive").getSubcommands().keySet());
    for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"repaly"},
        new String[] {"-V"}, new String[] {"--out", "replay"})) {
      assertEquals(List.copyOf(Main.COMMANDS.keySet()), List.copyOf(Main.commandLine(args).getSubcommands().keySet()),
          String.join(" ", args));
    }
  }

  @Test
  void everyCommandClassOfThePackage_isListedUnderItsOwnName_inOrder() throws IOException, URISyntaxException {
    Set<String> declared = new TreeSet<>();
    Path dir = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve(Main.class.getPackageName().replace('.', '/'));
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String file = f.getFileName().toString();
        if (!file.endsWith(".class") || file.contains("$") || file.equals("Main.class")) {
          continue;
        }
        Class<?> c = load(Main.class.getPackageName() + "." + file.substring(0, file.length() - ".class".length()));
        Command command = c.getAnnotation(Command.class);
        if (command != null) {
          declared.add(command.name());
        }
      }
    }
    assertEquals(declared, Main.COMMANDS.keySet(), "the command classes of " + dir);
    List<String> made = new ArrayList<>();
    Main.COMMANDS.forEach((name, command) -> made.add(new CommandLine(command.get()).getCommandName()));
    assertEquals(List.copyOf(Main.COMMANDS.keySet()), made, "each name is its command's own");
    assertEquals(List.copyOf(declared), made, "sorted, as usage lists them");
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, MainTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
