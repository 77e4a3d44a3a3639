package org.proximity.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/decode.md, "Examples": the shell session's input gives exactly the JSON lines shown, and the --fields line too. */
class DecodeDocExampleTest {
  private static final Path DOC = Path.of(System.getProperty("docs.dir", "../docs")).resolve("decode.md");

  @Test
  void examplesSection_outputIsWhatDecodePrints() throws Exception {
    String text = Files.readString(DOC);
    String section = text.substring(text.indexOf("## Examples"));
    Matcher block = Pattern.compile("(?s)```\\n(.*?)\\n```").matcher(section);
    assertTrue(block.find(), "decode.md has the example session");
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    for (String line : block.group(1).split("\n")) {
      String l = line.strip();
      if (l.startsWith("{")) {
        outputs.add(l);
      } else if (!l.startsWith("$") && !l.startsWith("|")) {
        inputs.add(l.replaceAll("\\s*\\\\$", "").replaceAll("^'|'$", ""));
      }
    }
    assertEquals(6, inputs.size(), inputs.toString());
    DecodeCommandTest.Run run = DecodeCommandTest.decodeFull(String.join("\n", inputs) + "\n");
    assertEquals(String.join("\n", outputs) + "\n", run.out());

    Matcher fields = Pattern.compile("`(,\"fields\":\\{.*?\\})`\\.").matcher(section);
    assertTrue(fields.find(), "decode.md shows the --fields addition");
    String first = DecodeCommandTest.decodeFull(inputs.get(0) + "\n", "--fields").out().strip();
    assertEquals(outputs.get(0).substring(0, outputs.get(0).length() - 1) + fields.group(1) + "}", first);
  }
}
