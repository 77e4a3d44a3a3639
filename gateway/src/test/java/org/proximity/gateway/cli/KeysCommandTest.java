package org.proximity.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.common.cli.ExitCodes;

class KeysCommandTest {
  // docs/privacy.md test vector: R = 00 01 .. 1f, d = 20000 (2024-10-04)
  private static final String ROOT = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
  private static final String K20000 = "67a7a416a25d7f34c14600a890f5ae4ee3310988a807b3c22730ba1700028a46";

  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private Path secret(String name, String content, String perms) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
    return f;
  }

  /** docs/privacy.md, "The site root key": the command given there makes a file that keys derive takes. */
  @Test
  void rootKeyMadeAsDocumented_derives() throws Exception {
    Process p = new ProcessBuilder("sh", "-c", "(umask 077; openssl rand -hex 32 > site-root.key)")
        .directory(dir.toFile()).inheritIO().start();
    assertEquals(0, p.waitFor(), "openssl rand (package openssl)");
    Path root = dir.resolve("site-root.key");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root)));
    Run derive = run("keys", "derive", "--root-key", root.toString(), "--date", "2024-10-04",
        "--out", dir.resolve("day.key").toString());
    assertEquals(0, derive.code(), derive.err());
    assertTrue(derive.out().matches("2024-10-04 [0-9a-f]{8}\n"), derive.out());
  }

  @Test
  void derive_thenShow_writesTheVectorsKeyOwnerOnlyAndShowsOnlyTheKeyId() throws Exception {
    Path root = secret("root.key", ROOT + "\n", "rw-------");
    Path day = dir.resolve("day.key");

    Run derive = run("keys", "derive", "--root-key", root.toString(), "--date", "2024-10-04", "--out", day.toString());
    assertEquals(0, derive.code(), derive.err());
    assertEquals("2024-10-04 5f560cb5\n", derive.out());
    assertEquals("2024-10-04 " + K20000 + "\n", Files.readString(day));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(day)));

    Run show = run("keys", "show", "--key-file", day.toString());
    assertEquals(0, show.code(), show.err());
    assertEquals("2024-10-04 5f560cb5\n", show.out());
    assertFalse(show.out().contains(K20000));
  }

  @Test
  void show_groupReadableKeyFile_isRefusedNamingTheRule() throws Exception {
    Path day = secret("day.key", "2024-10-04 " + K20000 + "\n", "rw-r--r--");
    Run show = run("keys", "show", "--key-file", day.toString());
    assertEquals(ExitCodes.CONFIG_ERROR, show.code());
    assertTrue(show.err().contains("must be readable by its owner only (chmod 600), but is rw-r--r--"), show.err());
    assertFalse(show.err().contains(K20000));
    assertFalse(show.err().contains("\tat "), "no stack trace");
  }

  @Test
  void show_malformedKeyFile_saysTheFormatWithoutEchoingIt() throws Exception {
    Path day = secret("day.key", "2024-10-04 " + K20000.substring(2) + "\n", "rw-------");
    Run show = run("keys", "show", "--key-file", day.toString());
    assertEquals(ExitCodes.CONFIG_ERROR, show.code());
    assertTrue(show.err().contains("must hold one line: YYYY-MM-DD, a space, and 64 hex characters"), show.err());
    assertFalse(show.err().contains(K20000.substring(2)));
  }

  @Test
  void derive_badDate_isAUsageError() throws Exception {
    Path root = secret("root.key", ROOT, "rw-------");
    Run r = run("keys", "derive", "--root-key", root.toString(), "--date", "2024-13-01", "--out", dir.resolve("x").toString());
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("--date must be YYYY-MM-DD, was 2024-13-01"), r.err());
  }

  @Test
  void show_symlinkedKeyFile_isRefusedNamingTheTarget() throws Exception {
    Path real = secret("real.key", "2024-10-04 " + K20000 + "\n", "rw-------");
    Path link = Files.createSymbolicLink(dir.resolve("day.key"), real);
    Run show = run("keys", "show", "--key-file", link.toString());
    assertEquals(ExitCodes.CONFIG_ERROR, show.code());
    assertTrue(show.err().contains(link + " must not be a symbolic link, but points to " + real), show.err());
  }

  @Test
  void derive_outIsADirectory_failsWithOneLineAndLeavesNoTemporaryFile() throws Exception {
    Path root = secret("root.key", ROOT, "rw-------");
    Path out = Files.createDirectories(dir.resolve("keys"));
    Run r = run("keys", "derive", "--root-key", root.toString(), "--date", "2024-10-04", "--out", out.toString());
    assertEquals(ExitCodes.IO_ERROR, r.code());
    assertTrue(r.err().contains("is a directory"), r.err());
    assertFalse(Files.exists(dir.resolve("keys.tmp")), "the new key must not be left in keys.tmp");
  }
}
