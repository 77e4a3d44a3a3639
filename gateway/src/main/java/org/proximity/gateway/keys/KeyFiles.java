package org.proximity.gateway.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.proximity.common.config.ConfigException;
import org.proximity.common.config.SecretFiles;
import org.proximity.contract.rollingid.DayKey;
import org.proximity.contract.rollingid.SiteRootKey;

/**
 * The key files on the device. A day key file is one line: the UTC date, a space, and K(d) as 64
 * hex characters. A root key file is one line of 64 hex characters. Both must be readable by
 * their owner only. Messages never contain key material.
 */
public final class KeyFiles {
  private static final Pattern DAY_LINE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}) ([0-9a-fA-F]{64})");
  private static final Pattern ROOT_LINE = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private KeyFiles() {}

  /** A key file that cannot be used; the message names the file and the rule, never the key. */
  public static final class KeyFileException extends Exception {
    public KeyFileException(String message) {
      super(message, null, false, false);
    }
  }

  public static DayKey readDayKey(Path file) throws KeyFileException {
    String line = readSecretLine(file);
    Matcher m = DAY_LINE.matcher(line);
    if (!m.matches()) {
      throw new KeyFileException(
          "day key file " + file + " must hold one line: YYYY-MM-DD, a space, and 64 hex characters");
    }
    long day;
    try {
      day = LocalDate.parse(m.group(1)).toEpochDay();
    } catch (DateTimeParseException e) {
      throw new KeyFileException("day key file " + file + " has an invalid date " + m.group(1));
    }
    if (day < 0) {
      throw new KeyFileException("day key file " + file + " is dated " + m.group(1) + ", before 1970-01-01");
    }
    return new DayKey(day, java.util.HexFormat.of().parseHex(m.group(2).toLowerCase()));
  }

  /**
   * Refuses a day key dated after {@code today}: it cannot hash a single bucket of today (keys only
   * ratchet forward), so the service would drop every bucket.
   */
  public static void requireNotAfter(Path file, DayKey key, long todayEpochDay) throws KeyFileException {
    if (key.epochDay() > todayEpochDay) {
      LocalDate today = LocalDate.ofEpochDay(todayEpochDay);
      throw new KeyFileException("day key file " + file + " is dated " + LocalDate.ofEpochDay(key.epochDay())
          + ", after today " + today + " (UTC, by this machine's clock): it cannot hash today's records; derive"
          + " today's key with: proximity-gateway keys derive --date " + today + " (or set the clock right)");
    }
  }

  public static SiteRootKey readRootKey(Path file) throws KeyFileException {
    String line = readSecretLine(file);
    if (!ROOT_LINE.matcher(line).matches()) {
      throw new KeyFileException("root key file " + file + " must hold one line of 64 hex characters");
    }
    return SiteRootKey.parseHex(line);
  }

  /**
   * Replaces the day key file atomically (temporary file, fsync, rename, fsync of the directory),
   * owner-only. The old key's bytes are gone from the file system's view; on flash storage the
   * old blocks may survive until reused, so keep key files on an encrypted or RAM-backed volume
   * where that matters (docs/privacy.md).
   */
  public static void writeDayKey(Path file, DayKey key) throws IOException {
    String line = LocalDate.ofEpochDay(key.epochDay()) + " " + java.util.HexFormat.of().formatHex(key.key()) + "\n";
    writeSecretAtomically(file, line.getBytes(StandardCharsets.US_ASCII));
  }

  static void writeSecretAtomically(Path file, byte[] content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    if (posix()) {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    }
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(content);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    } finally {
      java.util.Arrays.fill(content, (byte) 0);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  /** Reads the first line of a secret file after checking that only its owner can read it. */
  static String readSecretLine(Path file) throws KeyFileException {
    checkOwnerOnly(file);
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
      return lines.isEmpty() ? "" : lines.get(0).trim();
    } catch (NoSuchFileException e) {
      throw new KeyFileException("key file " + file + " does not exist");
    } catch (IOException e) {
      throw new KeyFileException("key file " + file + " cannot be read: " + e.getClass().getSimpleName());
    }
  }

  static void checkOwnerOnly(Path file) throws KeyFileException {
    try {
      SecretFiles.requireOwnerOnly("key file", file);
    } catch (ConfigException e) {
      throw new KeyFileException(e.getMessage());
    }
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
