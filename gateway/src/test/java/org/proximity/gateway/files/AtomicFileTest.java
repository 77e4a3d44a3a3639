package org.proximity.gateway.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one way the gateway replaces a file: whole or not at all, no temporary file left, owner-only on request. */
class AtomicFileTest {
  @TempDir Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void write_newAndExistingFile_holdsExactlyTheNewContentAndNothingElseIsLeft() throws IOException {
    Path f = dir.resolve("acked");
    AtomicFile.write(f, bytes("first, and longer than the second"));
    AtomicFile.write(f, bytes("second"));
    assertArrayEquals(bytes("second"), Files.readAllBytes(f));
    AtomicFile.write(f, new byte[0], AtomicFile.Option.NO_SYNC);
    assertEquals(0, Files.size(f));
    assertEquals(List.of("acked"), names());
  }

  @Test
  void write_ownerOnly_replacesAWorldReadableFileAndLeftoverWith0600() throws IOException {
    assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"));
    Path f = dir.resolve("day.key");
    Files.writeString(f, "old");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
    Path leftover = AtomicFile.temporary(f);
    Files.writeString(leftover, "half of an earlier write");
    Files.setPosixFilePermissions(leftover, PosixFilePermissions.fromString("rw-rw-rw-"));

    AtomicFile.write(f, bytes("new"), AtomicFile.Option.OWNER_ONLY);

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    assertEquals("new", Files.readString(f));
    assertFalse(Files.exists(leftover), "the leftover was replaced and renamed away");
  }

  @Test
  void write_targetIsADirectory_failsNamingIt_removesTheTemporaryFile_leavesTheDirectory() throws IOException {
    Path target = Files.createDirectories(dir.resolve("keys"));
    Files.writeString(target.resolve("inside"), "x");
    IOException e = assertThrows(IOException.class, () -> AtomicFile.write(target, bytes("k"), AtomicFile.Option.OWNER_ONLY));
    assertTrue(e.getMessage().contains(target + " is a directory"), e.getMessage());
    assertFalse(Files.exists(AtomicFile.temporary(target)), "the temporary file is gone after the failure");
    assertEquals(List.of("keys"), names());
    assertEquals("x", Files.readString(target.resolve("inside")));
  }

  @Test
  void write_somethingElseInTheTemporaryFilesPlace_failsAndTouchesNeitherItNorTheTarget() throws IOException {
    Path f = dir.resolve("epoch");
    Files.writeString(f, "5f2c91ab\n");
    Path blocker = Files.createDirectories(AtomicFile.temporary(f));
    Path elsewhere = Files.writeString(dir.resolve("elsewhere"), "not ours");
    Path link = dir.resolve("status.json.tmp");
    Files.createSymbolicLink(link, elsewhere);

    assertThrows(IOException.class, () -> AtomicFile.write(f, bytes("c0ffee00\n")));
    assertThrows(IOException.class, () -> AtomicFile.write(dir.resolve("status.json"), bytes("{}")));

    assertEquals("5f2c91ab\n", Files.readString(f));
    assertTrue(Files.isDirectory(blocker), "not ours to delete");
    assertTrue(Files.isSymbolicLink(link), "a link in the temporary file's place is neither followed nor deleted");
    assertEquals("not ours", Files.readString(elsewhere));
    assertFalse(Files.exists(dir.resolve("status.json")));
  }

  @Test
  void write_missingDirectory_failsWithoutCreatingIt() {
    Path f = dir.resolve("absent/acked");
    assertThrows(IOException.class, () -> AtomicFile.write(f, bytes("x")));
    assertFalse(Files.exists(f.getParent()));
  }

  @Test
  void temporary_isBesideTheFileWithTmpAppended() {
    assertEquals(dir.resolve("status.json.tmp"), AtomicFile.temporary(dir.resolve("status.json")));
  }
}
