package org.proximity.gateway.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.proximity.common.config.ConfigException;
import org.proximity.common.config.SecretFiles;
import org.proximity.contract.rollingid.DayKey;
import org.proximity.contract.rollingid.SiteRootKey;
import org.proximity.gateway.files.AtomicFile;

/**
 * The key files on the device. A day key file is one line: the UTC date, a space, and K(d) as 64
 * hex characters. A root key file is one line of 64 hex characters. Both must be readable by
 * their owner only, and are read through {@link SecretFiles#readOwnerOnly} (no symbolic link, at
 * most {@value #MAX_KEY_FILE_BYTES} bytes). Keys are parsed from and written as bytes that are zeroed
 * after use, never as Strings (docs/privacy.md, "Wiping keys"). Messages never contain key material.
 */
public final class KeyFiles {
  /** A key file holds one short line; anything larger is a mistake (and is never loaded whole). */
  static final int MAX_KEY_FILE_BYTES = 4096;
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final int DATE_LENGTH = 10;
  private static final int HEX_LENGTH = 64;

  private KeyFiles() {}

  /** A key file that cannot be used; the message names the file and the rule, never the key. */
  public static final class KeyFileException extends Exception {
    public KeyFileException(String message) {
      super(message, null, false, false);
    }
  }

  public static DayKey readDayKey(Path file) throws KeyFileException {
    String rule = "day key file " + file + " must hold one line: YYYY-MM-DD, a space, and 64 hex characters";
    byte[] bytes = readSecret(file);
    byte[] key = null;
    try {
      int[] line = firstLine(bytes);
      int at = line[0];
      if (line[1] - at != DATE_LENGTH + 1 + HEX_LENGTH || bytes[at + DATE_LENGTH] != ' ') {
        throw new KeyFileException(rule);
      }
      String date = new String(bytes, at, DATE_LENGTH, StandardCharsets.US_ASCII);
      if (!DATE.matcher(date).matches()) {
        throw new KeyFileException(rule);
      }
      key = hex(bytes, at + DATE_LENGTH + 1, rule);
      long day;
      try {
        day = LocalDate.parse(date).toEpochDay();
      } catch (DateTimeParseException e) {
        throw new KeyFileException("day key file " + file + " has an invalid date " + date);
      }
      if (day < 0) {
        throw new KeyFileException("day key file " + file + " is dated " + date + ", before 1970-01-01");
      }
      return new DayKey(day, key);
    } finally {
      wipe(bytes, key);
    }
  }

  public static SiteRootKey readRootKey(Path file) throws KeyFileException {
    String rule = "root key file " + file + " must hold one line of 64 hex characters";
    byte[] bytes = readSecret(file);
    byte[] key = null;
    try {
      int[] line = firstLine(bytes);
      if (line[1] - line[0] != HEX_LENGTH) {
        throw new KeyFileException(rule);
      }
      key = hex(bytes, line[0], rule);
      return SiteRootKey.of(key);
    } finally {
      wipe(bytes, key);
    }
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

  /**
   * Replaces the day key file atomically (temporary file, fsync, rename, fsync of the directory),
   * owner-only. The old key's bytes are gone from the file system's view; on flash storage the
   * old blocks may survive until reused, so keep key files on an encrypted or RAM-backed volume
   * where that matters (docs/privacy.md).
   */
  public static void writeDayKey(Path file, DayKey key) throws IOException {
    byte[] k = key.key();
    byte[] line = new byte[DATE_LENGTH + 1 + HEX_LENGTH + 1];
    try {
      byte[] date = LocalDate.ofEpochDay(key.epochDay()).toString().getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(date, 0, line, 0, DATE_LENGTH);
      line[DATE_LENGTH] = ' ';
      for (int i = 0; i < k.length; i++) {
        line[DATE_LENGTH + 1 + 2 * i] = (byte) Character.forDigit((k[i] >> 4) & 0xF, 16);
        line[DATE_LENGTH + 2 + 2 * i] = (byte) Character.forDigit(k[i] & 0xF, 16);
      }
      line[line.length - 1] = '\n';
    } finally {
      Arrays.fill(k, (byte) 0);
    }
    writeSecretAtomically(file, line);
  }

  /**
   * Writes {@code content} (then zeroes it) to {@code file} atomically and owner-only
   * ({@link AtomicFile}), creating missing parent directories; on any failure the temporary file is removed.
   */
  static void writeSecretAtomically(Path file, byte[] content) throws IOException {
    try {
      // refused before a key byte is written anywhere (AtomicFile would notice only at the rename)
      if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(file + " is a directory; name the key file itself");
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      AtomicFile.write(file, content, AtomicFile.Option.OWNER_ONLY);
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  private static void wipe(byte[]... arrays) {
    for (byte[] a : arrays) {
      if (a != null) {
        Arrays.fill(a, (byte) 0);
      }
    }
  }

  /** A secret file's bytes, at most {@value #MAX_KEY_FILE_BYTES}; the caller zeroes them. */
  static byte[] readSecret(Path file) throws KeyFileException {
    try {
      return SecretFiles.readOwnerOnly("key file", file, MAX_KEY_FILE_BYTES);
    } catch (ConfigException e) {
      throw new KeyFileException(e.getMessage());
    }
  }

  /** Start (inclusive) and end (exclusive) of the first line, without surrounding ASCII whitespace. */
  private static int[] firstLine(byte[] b) {
    int end = 0;
    while (end < b.length && b[end] != '\n') {
      end++;
    }
    int start = 0;
    while (start < end && isSpace(b[start])) {
      start++;
    }
    while (end > start && isSpace(b[end - 1])) {
      end--;
    }
    return new int[] {start, end};
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\r';
  }

  /** 32 bytes from 64 hex characters at {@code at}, or the rule broken. */
  private static byte[] hex(byte[] b, int at, String rule) throws KeyFileException {
    byte[] out = new byte[HEX_LENGTH / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(b[at + 2 * i], 16);
      int lo = Character.digit(b[at + 2 * i + 1], 16);
      if (hi < 0 || lo < 0) {
        Arrays.fill(out, (byte) 0);
        throw new KeyFileException(rule);
      }
      out[i] = (byte) (hi << 4 | lo);
    }
    return out;
  }
}
