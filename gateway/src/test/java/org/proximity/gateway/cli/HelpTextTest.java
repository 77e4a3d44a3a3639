package org.proximity.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Issue 15: {@code --help} was cut mid-sentence ("per payload:", "readable by") because descriptions
 * were split into lines by hand. Each description element is a whole paragraph that picocli wraps to
 * the terminal; this walks every command and option and finds any element that stops mid-sentence.
 */
class HelpTextTest {

  @Test
  void everyDescriptionElement_isWholeSentences() {
    List<String> cut = new ArrayList<>();
    walk(Main.commandLine(), cut);
    assertEquals(List.of(), cut, "description elements that do not end a sentence (join them into one string)");
  }

  private static void walk(CommandLine cmd, List<String> cut) {
    CommandSpec spec = cmd.getCommandSpec();
    for (String d : spec.usageMessage().description()) {
      check(spec.qualifiedName(), d, cut);
    }
    for (OptionSpec o : spec.options()) {
      for (String d : o.description()) {
        check(spec.qualifiedName() + " " + o.longestName(), d, cut);
      }
    }
    cmd.getSubcommands().values().forEach(sub -> walk(sub, cut));
  }

  private static void check(String where, String text, List<String> cut) {
    String t = text.strip();
    if (!(t.endsWith(".") || t.endsWith(".)"))) {
      cut.add(where + ": \"" + t + "\"");
    }
  }
}
