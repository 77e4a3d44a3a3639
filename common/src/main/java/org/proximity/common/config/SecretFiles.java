package org.proximity.common.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Checks and reads secret files (private keys, the MQTT password file, day and root key files).
 *
 * <p>Rule: a secret file exists, is a regular file and not a symbolic link (the ratchet replaces the
 * file it names: through a link it would replace the link and leave the old key in the target),
 * is readable by the service, and has no permission bits for group or others (mode 0600 or 0400).
 * Otherwise the service refuses to start with a {@link ConfigException} that names the config
 * key, the file, the rule and what was found. Messages never contain file contents.
 *
 * <p>{@link #readOwnerOnly} is the one way to read a secret file: it checks the rule, opens the file
 * without following a link, and reads at most a bound, so a huge file is refused, not loaded.
 */
public final class SecretFiles {
  /** A password file holds one short line; anything larger is a mistake (a key, a binary). */
  static final int MAX_PASSWORD_FILE_BYTES = 4096;

  private static final Set<PosixFilePermission> GROUP_OR_OTHER =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private SecretFiles() {}

  /** Throws unless {@code file} (the value of config key {@code key}) is an owner-only regular file. */
  public static void requireOwnerOnly(String key, Path file) throws ConfigException {
    String where = key + " " + file;
    PosixFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      throw new ConfigException(where + " does not exist");
    } catch (UnsupportedOperationException e) {
      throw new ConfigException(
          where
              + " is on a file system without POSIX permissions, so the service cannot check that only"
              + " its owner can read it; keep secret files on a POSIX file system (for example ext4)");
    } catch (IOException e) {
      throw new ConfigException(where + " cannot be inspected: " + e.getClass().getSimpleName());
    }
    if (attrs.isSymbolicLink()) {
      throw new ConfigException(where + " must not be a symbolic link, but points to " + linkTarget(file)
          + "; name the real file in the config");
    }
    if (!attrs.isRegularFile()) {
      throw new ConfigException(where + " must be a regular file, but is " + kind(attrs));
    }
    Set<PosixFilePermission> perms = attrs.permissions();
    if (perms.stream().anyMatch(GROUP_OR_OTHER::contains)) {
      throw new ConfigException(
          where
              + " must be readable by its owner only (chmod 600), but is "
              + PosixFilePermissions.toString(perms));
    }
    if (!Files.isReadable(file)) {
      throw new ConfigException(
          where
              + " must be readable by the user the service runs as (its owner, chmod 600), but is "
              + PosixFilePermissions.toString(perms)
              + " owned by "
              + attrs.owner().getName());
    }
  }

  /**
   * Checks the file like {@link #requireOwnerOnly}, then reads it whole, without following a
   * symbolic link, refusing it when it is larger than {@code maxBytes}. The caller must clear the
   * array after use.
   */
  public static byte[] readOwnerOnly(String key, Path file, int maxBytes) throws ConfigException {
    requireOwnerOnly(key, file);
    String where = key + " " + file;
    try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      if (ch.size() > maxBytes) {
        throw new ConfigException(where + " must be at most " + maxBytes + " bytes, but is " + ch.size());
      }
      ByteBuffer b = ByteBuffer.allocate((int) ch.size() + 1);
      while (ch.read(b) > 0 && b.hasRemaining()) {
        // read until the end, or one byte past the size seen (the file grew): refused below
      }
      if (b.position() > maxBytes) {
        Arrays.fill(b.array(), (byte) 0);
        throw new ConfigException(where + " must be at most " + maxBytes + " bytes, but grew while being read");
      }
      byte[] out = Arrays.copyOf(b.array(), b.position());
      Arrays.fill(b.array(), (byte) 0);
      return out;
    } catch (NoSuchFileException e) {
      throw new ConfigException(where + " does not exist");
    } catch (IOException e) {
      throw new ConfigException(where + " cannot be read: " + e.getClass().getSimpleName());
    }
  }

  /**
   * Reads the file with {@link #readOwnerOnly} and returns its first line without the line end (LF
   * or CRLF). The caller should clear the array after use.
   */
  public static char[] readPassword(String key, Path file) throws ConfigException {
    String where = key + " " + file;
    byte[] bytes = readOwnerOnly(key, file, MAX_PASSWORD_FILE_BYTES);
    CharBuffer chars;
    try {
      chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      throw new ConfigException(where + " must be UTF-8 text, but is not");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
    int end = 0;
    while (end < chars.length() && chars.get(end) != '\n') {
      end++;
    }
    int lineEnd = end > 0 && chars.get(end - 1) == '\r' ? end - 1 : end;
    char[] password = new char[lineEnd];
    chars.get(password, 0, lineEnd);
    chars.clear();
    while (chars.hasRemaining()) {
      chars.put('\0');
    }
    if (password.length == 0) {
      throw new ConfigException(where + " must hold the password on its first line, but that line is empty");
    }
    return password;
  }

  private static String linkTarget(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      return "another file";
    }
  }

  private static String kind(PosixFileAttributes attrs) {
    if (attrs.isDirectory()) {
      return "a directory";
    }
    return attrs.isOther() ? "a device, socket or pipe" : "not a regular file";
  }
}
