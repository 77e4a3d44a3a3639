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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The dependency rule: pure packages import no I/O (in-memory byte streams aside), hardware, MQTT client or clock. */
class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java/org/proximity/gateway");
  private static final Pattern FORBIDDEN =
      Pattern.compile(
          "import\\s+(java\\.io\\.(File|(?!ByteArray)\\w*Stream|\\w*Reader|\\w*Writer)\\b|java\\.nio\\.file\\.|java\\.nio\\.channels\\."
              + "|java\\.net\\.|org\\.eclipse\\.paho|io\\.moquette|org\\.freedesktop|tinyb\\.|com\\.pi4j|org\\.newsclub|org\\.slf4j)"
              + "|Instant\\.now\\(|System\\.currentTimeMillis\\(|Clock\\.system|LocalDate\\.now\\(");

  /** The pure packages: the gateway's decoding, buckets, GATT read bounds and scan view, and the whole wire contract module. */
  @ParameterizedTest
  @ValueSource(strings = {
    "src/main/java/org/proximity/gateway/ad",
    "src/main/java/org/proximity/gateway/bucket",
    "src/main/java/org/proximity/gateway/radio/gatt",
    "src/main/java/org/proximity/gateway/scan",
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

  /** Pi4J stays behind the status port: only status.gpio may import it (docs/architecture.md#ports). */
  @org.junit.jupiter.api.Test
  void pi4j_isImportedOnlyByStatusGpio() throws IOException {
    assertEquals(List.of(), importersOutside("com\\.pi4j\\.", MAIN.resolve("status/gpio")));
  }

  /** junixsocket (sd_notify datagrams) stays in one adapter class. */
  @org.junit.jupiter.api.Test
  void junixsocket_isImportedOnlyByNotifySocket() throws IOException {
    assertEquals(List.of(), importersOutside("org\\.newsclub\\.", MAIN.resolve("systemd/NotifySocket.java")));
  }

  /** Main sources outside {@code allowed} (a folder or a file) that import a package matching {@code prefix}. */
  private static List<String> importersOutside(String prefix, Path allowed) throws IOException {
    Pattern imports = Pattern.compile("import\\s+(static\\s+)?" + prefix);
    List<String> offences = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        if (f.startsWith(allowed)) {
          continue;
        }
        if (Files.readAllLines(f).stream().anyMatch(l -> imports.matcher(l).find())) {
          offences.add(MAIN.relativize(f).toString());
        }
      }
    }
    return offences;
  }
}
