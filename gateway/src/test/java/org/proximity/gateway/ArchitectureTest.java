package org.proximity.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dependency rules: pure packages import no I/O (in-memory byte streams aside), hardware, MQTT
 * client or clock; each third-party library stays in its adapter; classes are named by import.
 */
class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java/org/proximity/gateway");
  private static final Pattern FORBIDDEN =
      Pattern.compile(
          "import\\s+(java\\.io\\.(File|(?!ByteArray)\\w*Stream|\\w*Reader|\\w*Writer)\\b|java\\.nio\\.file\\.|java\\.nio\\.channels\\."
              + "|java\\.net\\.|org\\.eclipse\\.paho|io\\.moquette|org\\.freedesktop|tinyb\\.|com\\.pi4j|org\\.newsclub|org\\.slf4j)"
              + "|Instant\\.now\\(|System\\.currentTimeMillis\\(|Clock\\.system|LocalDate\\.now\\(");

  /** The pure packages: the gateway's decoding, buckets, GATT read bounds and scan view, common's retry spacing, and the whole wire contract module. */
  @ParameterizedTest
  @ValueSource(strings = {
    "src/main/java/org/proximity/gateway/ad",
    "src/main/java/org/proximity/gateway/bucket",
    "src/main/java/org/proximity/gateway/radio/gatt",
    "src/main/java/org/proximity/gateway/scan",
    "../common/src/main/java/org/proximity/common/retry",
    "../contract/src/main/java/org/proximity/contract"})
  void purePackage_importsNoIoHardwareMqttOrClock(String path) throws IOException {
    Path dir = Path.of(path);
    assertTrue(Files.isDirectory(dir), dir + " exists");
    List<String> offences = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        List<String> lines = Files.readAllLines(f);
        for (int i = 0; i < lines.size(); i++) {
          if (FORBIDDEN.matcher(lines.get(i)).find()) {
            offences.add(dir.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).trim());
          }
        }
      }
    }
    assertEquals(List.of(), offences);
  }

  /**
   * Each third-party library stays in the adapter that wraps it (docs/architecture.md#ports): no
   * other main class names it, by import or by a qualified name inline.
   */
  @ParameterizedTest(name = "{0} only in {1}")
  @CsvSource({
    "com\\.pi4j\\.,                                   status/gpio",
    "org\\.newsclub\\.,                               systemd/NotifySocket.java",
    "org\\.eclipse\\.paho\\.,                        publish/paho",
    "(org\\.freedesktop|com\\.github\\.hypfvieh)\\., radio/bluez",
    "tinyb\\.,                                        radio/tinyb",
    "io\\.(moquette|netty)\\.,                          (nowhere: the gateway carries no broker)",
  })
  void library_isNamedOnlyByItsAdapter(String prefix, String allowed) throws IOException {
    assertEquals(List.of(), namersOutside(prefix, MAIN.resolve(allowed)));
  }

  /** Main code names classes by import, never by a fully qualified name inline (style: imports, not qualified names). */
  @Test
  void mainAndTestCode_useImportsNotInlineQualifiedNames() throws IOException {
    Pattern qualified = Pattern.compile("(?<![\\w.@])(java|javax|org|com)\\.([a-z_]\\w*\\.)+[A-Z]\\w*");
    List<String> offences = new ArrayList<>();
    for (Path root : List.of(Path.of("src"), Path.of("../contract/src"), Path.of("../common/src"),
        Path.of("../backend/src"), Path.of("../demo/src"))) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          List<String> lines = Files.readAllLines(f);
          for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("import ") && qualified.matcher(code(lines.get(i))).find()) {
              offences.add(f + ":" + (i + 1) + ": " + lines.get(i).trim());
            }
          }
        }
      }
    }
    assertEquals(List.of(), offences);
  }

  /** Main sources outside {@code allowed} (a folder or a file) whose code names a package matching {@code prefix}. */
  private static List<String> namersOutside(String prefix, Path allowed) throws IOException {
    Pattern names = Pattern.compile("(?<![\\w.])" + prefix);
    List<String> offences = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        if (f.startsWith(allowed)) {
          continue;
        }
        if (Files.readAllLines(f).stream().anyMatch(l -> names.matcher(code(l)).find())) {
          offences.add(MAIN.relativize(f).toString());
        }
      }
    }
    return offences;
  }

  /** A line without its string literals, its trailing comment, and nothing of a comment line or package line. */
  private static String code(String line) {
    String t = line.strip();
    if (t.startsWith("*") || t.startsWith("/*") || t.startsWith("//") || t.startsWith("package ")) {
      return "";
    }
    String noStrings = line.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
    int comment = noStrings.indexOf("//");
    return comment < 0 ? noStrings : noStrings.substring(0, comment);
  }
}
