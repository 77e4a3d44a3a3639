package org.proximity.common.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {
  private static final String KEY = "mqtt.password_file";
  @TempDir Path dir;

  private Path file(String content, String mode) throws IOException {
    Path f = dir.resolve("mqtt.pass");
    Files.writeString(f, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
    return f;
  }

  @Test
  void worldReadable_isRejected_namingKeyFileRuleAndModeButNotTheContent() throws IOException {
    Path f = file("s3cret-value\n", "rw-r--r--");
    ConfigException e = assertThrows(ConfigException.class, () -> SecretFiles.readPassword(KEY, f));
    assertEquals(
        KEY + " " + f + " must be readable by its owner only (chmod 600), but is rw-r--r--", e.getMessage());
    assertFalse(e.getMessage().contains("s3cret"));
  }

  @Test
  void groupBitsOnly_areRejectedToo() throws IOException {
    Path f = file("x\n", "rw-----w-");
    assertThrows(ConfigException.class, () -> SecretFiles.requireOwnerOnly(KEY, f));
    Path g = file("x\n", "r--r-----");
    assertThrows(ConfigException.class, () -> SecretFiles.requireOwnerOnly(KEY, g));
  }

  @Test
  void ownerOnly_0600and0400_areAccepted() throws Exception {
    SecretFiles.requireOwnerOnly(KEY, file("x\n", "rw-------"));
    SecretFiles.requireOwnerOnly(KEY, file("x\n", "r--------"));
  }

  @Test
  void missingFile_isRejected() {
    Path f = dir.resolve("nope.pass");
    ConfigException e = assertThrows(ConfigException.class, () -> SecretFiles.requireOwnerOnly(KEY, f));
    assertEquals(KEY + " " + f + " does not exist", e.getMessage());
  }

  @Test
  void directory_isRejected() throws IOException {
    Path d = Files.createDirectory(dir.resolve("keys"));
    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
    ConfigException e = assertThrows(ConfigException.class, () -> SecretFiles.requireOwnerOnly("mqtt.key_file", d));
    assertEquals("mqtt.key_file " + d + " must be a regular file, but is a directory", e.getMessage());
  }

  @Test
  void password_isTheFirstLineWithoutLineEnd() throws Exception {
    assertArrayEquals("p4ss word".toCharArray(), SecretFiles.readPassword(KEY, file("p4ss word\r\nsecond\n", "rw-------")));
    assertArrayEquals("p4ss".toCharArray(), SecretFiles.readPassword(KEY, file("p4ss", "rw-------")));
    assertArrayEquals("mật khẩu".toCharArray(), SecretFiles.readPassword(KEY, file("mật khẩu\n", "r--------")));
  }

  @Test
  void emptyPassword_isRejected() throws IOException {
    for (String content : new String[] {"", "\n", "\r\n", "\nsecond line\n"}) {
      Path f = file(content, "rw-------");
      ConfigException e = assertThrows(ConfigException.class, () -> SecretFiles.readPassword(KEY, f));
      assertTrue(e.getMessage().endsWith("must hold the password on its first line, but that line is empty"), e.getMessage());
    }
  }

  @Test
  void notUtf8_isRejectedWithoutContent() throws IOException {
    Path f = dir.resolve("bin.pass");
    Files.write(f, new byte[] {(byte) 0xff, (byte) 0xfe, 'a'});
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    ConfigException e = assertThrows(ConfigException.class, () -> SecretFiles.readPassword(KEY, f));
    assertEquals(KEY + " " + f + " must be UTF-8 text, but is not", e.getMessage());
  }
}
