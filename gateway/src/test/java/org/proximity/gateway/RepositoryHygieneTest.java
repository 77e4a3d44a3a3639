package org.proximity.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The repository stands on its own: no text file cites a document that lives outside it or a path
 * of a build machine, and every reference to a heading of a Markdown file (file, '#', anchor) names
 * an existing heading. Facts belong in docs/, with their primary source (docs/spec-map.md).
 */
class RepositoryHygieneTest {
  // written so that this file does not match itself
  private static final Pattern OUTSIDE = Pattern.compile(
      "\\b(protocols|platform|peers|style)\\.md\\b"
          + "|\\.\\./shared\\b|\\bshared/(reference|testdata)\\b"
          + "|(?<![\\w$}.-])/(w[o]rk|h[o]me|r[o]ot|U[s]ers)/");
  private static final Pattern ANCHOR_REF = Pattern.compile("([\\w./-]*?)([\\w-]+\\.md)#([\\w-]+)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
  private static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", "node_modules", ".idea");
  private static final long MAX_TEXT_BYTES = 2L << 20;

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  /** One line of a text file, numbered from 1. */
  private record Line(Path file, int number, String text) {
    String where() {
      return ROOT.relativize(file) + ":" + number + ": ";
    }
  }

  @Test
  void textFiles_citeNothingOutsideTheRepository() throws IOException {
    List<String> offences = new ArrayList<>();
    for (Line line : allLines()) {
      Matcher m = OUTSIDE.matcher(line.text());
      if (m.find()) {
        offences.add(line.where() + "cites \"" + m.group() + "\"");
      }
    }
    assertEquals(List.of(), offences, "write the fact into docs/ with its primary source and cite that");
  }

  @Test
  void anchorReferences_nameExistingHeadings() throws IOException {
    List<String> offences = new ArrayList<>();
    for (Line line : allLines()) {
      Matcher m = ANCHOR_REF.matcher(line.text());
      while (m.find()) {
        if (m.start() > 0 && line.text().charAt(m.start() - 1) == ':') {
          continue; // a URL: another site's page
        }
        String target = m.group(1) + m.group(2);
        if (!resolves(line.file(), target, m.group(3))) {
          offences.add(line.where() + target + "#" + m.group(3));
        }
      }
    }
    assertEquals(List.of(), offences, "no such file or heading");
  }

  @ParameterizedTest
  @ValueSource(strings = {"protocols", "platform", "peers", "style"})
  void outsidePattern_referenceFileCitations_areCaught(String name) {
    assertTrue(OUTSIDE.matcher("(" + name + ".md 2.4)").find());
  }

  @ParameterizedTest
  @ValueSource(strings = {"work", "home", "root", "Users"})
  void outsidePattern_machinePaths_areCaught(String dir) {
    assertTrue(OUTSIDE.matcher("copied from /" + dir + "/x/data.txt").find());
    assertTrue(OUTSIDE.matcher("see ../" + "shared/" + "reference").find());
  }

  @Test
  void outsidePattern_pathsInsideAScratchDirectoryOrTheDevice_areAllowed() {
    assertFalse(OUTSIDE.matcher("cmp \"$tmp/root/etc/default/x\" y").find());
    assertFalse(OUTSIDE.matcher("/usr/share/doc/proximity-gateway/README.md, docs/platform-notes.md#tinyb").find());
  }

  @Test
  void slug_githubRules_dropPunctuationAndHyphenateSpaces() {
    assertEquals("bluetrace-and-opentrace", slug("BlueTrace and OpenTrace"));
    assertEquals("decode-advertising-data-to-json", slug("`decode`: advertising data to JSON"));
    assertEquals("seq-epoch-and-batch", slug("`seq`, `epoch` and `batch`"));
  }

  @Test
  void textFiles_scanSeesTheWholeRepository() throws IOException {
    List<Path> files = textFiles();
    assertTrue(files.contains(ROOT.resolve("README.md")), "README.md scanned from " + ROOT);
    assertTrue(files.contains(ROOT.resolve("contract/pom.xml")), "contract module scanned");
    assertTrue(files.stream().noneMatch(p -> p.toString().endsWith(".pcap")), "binary captures skipped");
  }

  private static boolean resolves(Path from, String target, String anchor) throws IOException {
    for (Path candidate : List.of(from.getParent().resolve(target), ROOT.resolve(target))) {
      Path file = candidate.normalize();
      if (Files.isRegularFile(file) && headings(file).contains(anchor)) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> headings(Path markdown) throws IOException {
    Set<String> slugs = new HashSet<>();
    boolean fenced = false;
    for (String line : lines(markdown)) {
      if (line.startsWith("```")) {
        fenced = !fenced;
      }
      Matcher m = HEADING.matcher(line);
      if (!fenced && m.matches()) {
        slugs.add(slug(m.group(1)));
      }
    }
    return slugs;
  }

  /** GitHub's heading anchor: lower case, punctuation dropped, each space a hyphen. */
  private static String slug(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
  }

  /** Lines of a text file; bytes that are not UTF-8 become U+FFFD instead of failing the scan. */
  private static List<String> lines(Path p) throws IOException {
    return new String(Files.readAllBytes(p), StandardCharsets.UTF_8).lines().toList();
  }

  private static List<Line> allLines() throws IOException {
    List<Line> all = new ArrayList<>();
    for (Path f : textFiles()) {
      List<String> text = lines(f);
      for (int i = 0; i < text.size(); i++) {
        all.add(new Line(f, i + 1, text.get(i)));
      }
    }
    return all;
  }

  private static List<Path> textFiles() throws IOException {
    assertTrue(Files.isRegularFile(ROOT.resolve("pom.xml")) && Files.isDirectory(ROOT.resolve("gateway")),
        "tests run in the gateway module, below the repository root: " + ROOT);
    try (Stream<Path> all = Files.walk(ROOT)) {
      List<Path> files = new ArrayList<>();
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        if (!skipped(p) && isText(p)) {
          files.add(p);
        }
      }
      return files;
    }
  }

  private static boolean skipped(Path p) {
    for (Path part : ROOT.relativize(p)) {
      if (SKIPPED_DIRS.contains(part.toString())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isText(Path p) throws IOException {
    if (Files.size(p) > MAX_TEXT_BYTES) {
      return false;
    }
    byte[] head = new byte[8192];
    int n;
    try (InputStream in = Files.newInputStream(p)) {
      n = in.readNBytes(head, 0, head.length);
    }
    for (int i = 0; i < n; i++) {
      if (head[i] == 0) {
        return false;
      }
    }
    return true;
  }
}
