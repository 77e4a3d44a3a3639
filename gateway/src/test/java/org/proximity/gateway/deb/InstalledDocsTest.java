package org.proximity.gateway.deb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the package shipped only systemd/README.md, whose links to firmware-notes/ and docs/
 * pointed nowhere on the device. The package (gateway/pom.xml, jdeb) now installs those folders
 * beside it; this test builds the same installed tree from the source tree and finds every link or
 * named page in it that would not resolve under /usr/share/doc/proximity-gateway.
 */
class InstalledDocsTest {
  private static final Path REPO = Path.of(System.getProperty("docs.dir", "../docs")).getParent();
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
  private static final Pattern NAMED = Pattern.compile("`((?:docs|firmware-notes)/[A-Za-z0-9._/-]+)`");

  /** Installed path (relative to /usr/share/doc/proximity-gateway) → source file, as the pom maps them. */
  private static Map<String, Path> installed() throws Exception {
    Map<String, Path> m = new TreeMap<>();
    m.put("README.md", REPO.resolve("systemd/README.md"));
    m.put("systemd/README.md", REPO.resolve("systemd/README.md")); // a link to ../README.md
    for (String dir : List.of("firmware-notes", "docs", "docs/schema")) {
      try (Stream<Path> files = Files.list(REPO.resolve(dir))) {
        files.filter(Files::isRegularFile)
            .filter(f -> f.toString().endsWith(".md") || f.toString().endsWith(".json") || f.endsWith("asyncapi.yaml"))
            .forEach(f -> m.put(dir + "/" + f.getFileName(), f));
      }
    }
    return m;
  }

  @Test
  void everyLinkAndNamedPageOfTheInstalledDocs_resolvesInsideWhatShips() throws Exception {
    Map<String, Path> shipped = installed();
    List<String> broken = new ArrayList<>();
    for (Map.Entry<String, Path> e : shipped.entrySet()) {
      if (!e.getKey().endsWith(".md")) {
        continue;
      }
      String text = Files.readString(e.getValue());
      Path dir = Path.of(e.getKey()).getParent();
      Matcher link = LINK.matcher(text);
      while (link.find()) {
        String target = link.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue; // http(s), mailto, file: point outside the package on purpose
        }
        String p = (dir == null ? Path.of(target) : dir.resolve(target)).normalize().toString();
        if (!shipped.containsKey(p) && shipped.keySet().stream().noneMatch(k -> k.startsWith(p + "/"))) {
          broken.add(e.getKey() + " links " + target);
        }
      }
      if (e.getKey().equals("README.md")) {
        Matcher named = NAMED.matcher(text);
        while (named.find()) {
          if (!shipped.containsKey(named.group(1))) {
            broken.add("README.md names " + named.group(1));
          }
        }
      }
    }
    assertEquals(List.of(), broken);
    assertTrue(shipped.containsKey("firmware-notes/bluez.md") && shipped.containsKey("docs/security.md"));
  }
}
