package org.proximity.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fast and slow tests stay apart (README, "Two commands"): no class that Surefire runs in {@code mvn test}
 * starts Mosquitto, D-Bus, PostgreSQL, a systemd tool, a JVM or an embedded broker, by itself or
 * through a helper that does (the harnesses MosquittoBroker, DbusMockBluez, PostgresCluster, the
 * service in its own JVM). Those tests are named *IT and run under Failsafe at {@code verify}.
 * Checked over every module's sources, read as text: a class starts a process when its code names
 * ProcessBuilder or Runtime.exec (test sources) or Moquette (any source), or names such a class.
 */
class UnitTestsStartNoProcessTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final List<String> MODULES = List.of("contract", "common", "gateway", "backend", "demo");
  /** Surefire's default includes: what {@code mvn test} runs. */
  private static final Pattern UNIT_TEST = Pattern.compile("Test\\w*|\\w*(Test|Tests|TestCase)");
  /** Starts a process (test code only: main code runs its own commands behind injected seams). */
  private static final Pattern STARTS_PROCESS = Pattern.compile("\\bProcessBuilder\\b|\\bgetRuntime\\s*\\(\\s*\\)\\s*\\.\\s*exec\\b");
  /** Starts an embedded broker. */
  private static final Pattern STARTS_BROKER = Pattern.compile("\\bio\\s*\\.\\s*moquette\\b");
  /** Literals and comments: blanked before names are looked for. */
  private static final Pattern NOT_CODE = Pattern.compile(
      "\"\"\"[\\s\\S]*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])+'|//[^\\n]*|/\\*[\\s\\S]*?\\*/");
  /** Plain imports name a class without using it; what the code does with it is judged where it appears. */
  private static final Pattern PLAIN_IMPORT = Pattern.compile("(?m)^\\s*import\\s+(?!static\\b)[\\w.]+\\s*;");
  /** A class name, unless only a constant or a free port number is taken from it (those start nothing). */
  private static final Pattern CLASS_USE = Pattern.compile("\\b([A-Z]\\w*)\\b(?!\\s*\\.\\s*([A-Z][A-Z0-9_]*|freeLoopbackPort)\\b)");
  /** Short-lived tools that start no server and no JVM, allowed in unit tests. */
  private static final Map<String, String> SHORT_TOOLS = Map.of(
      "TestPki", "openssl makes the test certificates",
      "KeysCommandTest", "openssl rand, the command docs/privacy.md gives for a root key",
      "StatusCommandTest", "true, for the pid of a process that has ended");
  private static List<Source> tree;
  private static Map<String, String> treeStarters;

  /** One class: its code with literals and comments blanked, and the classes it uses beyond plain imports. */
  record Source(String name, boolean test, String code, Set<String> uses) {
    Source(String name, boolean test, String text) {
      this(name, test, NOT_CODE.matcher(text).replaceAll(" "), Set.of());
    }

    Source {
      uses = CLASS_USE.matcher(PLAIN_IMPORT.matcher(code).replaceAll(" ")).results().map(r -> r.group(1))
          .collect(Collectors.toUnmodifiableSet());
    }
  }

  @BeforeAll
  static void readTheTree() throws IOException {
    tree = sources();
    treeStarters = starters(tree);
  }

  @Test
  void unitTests_startNoProcess_directlyOrThroughAHelper() {
    List<String> offences = new ArrayList<>();
    for (Source s : tree) {
      if (s.test() && UNIT_TEST.matcher(s.name()).matches() && treeStarters.containsKey(s.name())) {
        offences.add(s.name() + ": " + chain(s.name(), treeStarters));
      }
    }
    assertEquals(List.of(), offences, "rename these to *IT (Failsafe runs them at verify) or split off their unit tests");
  }

  @Test
  void integrationTests_eachStartSomething_elseTheyBelongInTheUnitTests() {
    List<String> idle = tree.stream().filter(s -> s.test() && s.name().endsWith("IT") && !treeStarters.containsKey(s.name()))
        .map(Source::name).toList();
    assertEquals(List.of(), idle, "these *IT start nothing: name them *Test so that `mvn test` runs them");
  }

  @Test
  void sources_coverEveryModule_andFindTheHarnesses() {
    for (String module : MODULES) {
      assertTrue(Files.isDirectory(ROOT.resolve(module).resolve("src/main/java")), module + " read");
    }
    for (String harness : List.of("MosquittoBroker", "DbusMockBluez", "PostgresCluster", "ServiceProcess", "EmbeddedBroker")) {
      assertTrue(treeStarters.containsKey(harness), harness + " is seen to start a process");
    }
    assertFalse(treeStarters.containsKey("TestStation"), "constants of MosquittoBroker start nothing");
  }

  @Test
  void starters_followHelpers_andIgnoreConstantsLiteralsAndComments() {
    List<Source> sources = List.of(
        source("Harness", true, "class Harness { static final String SITE = \"s\"; Process p = new ProcessBuilder(cmd).start(); }"),
        source("Helper", true, "import x.Harness;\nclass Helper { static void go() { Harness.start(); } }"),
        source("ThroughHelperTest", true, "class ThroughHelperTest { @Test void t() { Helper.go(); } }"),
        source("ConstantsTest", true, "import x.Harness;\nclass ConstantsTest { String s = Harness.SITE + Harness.freeLoopbackPort(); }"),
        source("WordsTest", true, "class WordsTest { // Harness.start()\n String s = \"new ProcessBuilder( Harness\"; /* Helper */ }"),
        source("Embedded", false, "import io.moquette.broker.Server;\nclass Embedded { }"),
        source("DemoTest", true, "class DemoTest { Embedded e = new Embedded(); }"),
        source("TestPki", true, "class TestPki { Process p = new ProcessBuilder(\"openssl\").start(); }"),
        source("MainCode", false, "class MainCode { Process p = new ProcessBuilder(\"timedatectl\").start(); }"));
    Map<String, String> starters = starters(sources);
    assertEquals(Set.of("Harness", "Helper", "ThroughHelperTest", "Embedded", "DemoTest"), starters.keySet());
    assertEquals("uses Helper, uses Harness, starts a process", chain("ThroughHelperTest", starters));
  }

  private static Source source(String name, boolean test, String text) {
    return new Source(name, test, text);
  }

  /** Class name to why it starts something: "starts ..." or "uses OtherClass". */
  static Map<String, String> starters(List<Source> sources) {
    Map<String, String> why = new TreeMap<>();
    for (Source s : sources) {
      if (STARTS_BROKER.matcher(s.code()).find()) {
        why.put(s.name(), "starts an embedded broker");
      } else if (s.test() && !SHORT_TOOLS.containsKey(s.name()) && STARTS_PROCESS.matcher(s.code()).find()) {
        why.put(s.name(), "starts a process");
      }
    }
    for (boolean grew = true; grew; ) {
      Map<String, String> found = new LinkedHashMap<>();
      for (Source s : sources) {
        if (!why.containsKey(s.name()) && !found.containsKey(s.name())) {
          why.keySet().stream().filter(s.uses()::contains).findFirst()
              .ifPresent(starter -> found.put(s.name(), "uses " + starter));
        }
      }
      why.putAll(found);
      grew = !found.isEmpty();
    }
    return why;
  }

  private static String chain(String name, Map<String, String> starters) {
    List<String> steps = new ArrayList<>();
    for (String step = starters.get(name); step != null; step = starters.get(step.substring("uses ".length()))) {
      steps.add(step);
      if (!step.startsWith("uses ")) {
        break;
      }
    }
    return String.join(", ", steps);
  }

  private static List<Source> sources() throws IOException {
    List<Source> all = new ArrayList<>();
    for (String module : MODULES) {
      for (String set : List.of("main", "test")) {
        Path dir = ROOT.resolve(module).resolve("src").resolve(set).resolve("java");
        if (!Files.isDirectory(dir)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
            String name = f.getFileName().toString().replaceFirst("\\.java$", "");
            all.add(new Source(name, set.equals("test"), Files.readString(f)));
          }
        }
      }
    }
    assertTrue(all.size() > 300, "sources read below " + ROOT + ": " + all.size());
    return all;
  }
}
