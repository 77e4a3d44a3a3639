package org.proximity.backend.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;
import org.proximity.backend.match.Matcher;
import org.proximity.backend.records.JdbcRecords;
import org.proximity.backend.records.RecordSource;
import org.proximity.backend.records.RecordSourceException;
import org.proximity.backend.records.RecordSourceException.Kind;
import org.proximity.common.cli.ExitCodes;
import org.proximity.common.config.ConfigException;
import org.proximity.common.config.SecretFiles;

/**
 * Opens the collector's store for reading only: an SQLite file that must exist (never created, never
 * migrated), or a PostgreSQL URL; then streams it past the matcher.
 */
final class StoreInput {
  private StoreInput() {}

  static RecordSource scan(String store, Path passwordFile, Matcher matcher, MatchRun run) throws RecordSourceException {
    String url = store.startsWith("jdbc:") ? store : "jdbc:sqlite:" + store;
    Properties props = new Properties();
    if (url.startsWith("jdbc:sqlite:")) {
      String file = url.substring("jdbc:sqlite:".length());
      if (!Files.isRegularFile(Path.of(file))) {
        throw new RecordSourceException(Kind.MISSING, store + ": no such SQLite file");
      }
      props.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
    } else if (!url.startsWith("jdbc:postgresql:")) {
      throw new ExitCodes.CommandFailure(ExitCodes.USAGE,
          "--store must be an SQLite file or a jdbc:sqlite: or jdbc:postgresql: URL, was " + redact(store));
    }
    if (passwordFile != null) {
      char[] password = readPassword(passwordFile);
      props.setProperty("password", new String(password));
      Arrays.fill(password, '\0');
    }
    try (Connection c = DriverManager.getConnection(url, props)) {
      if (url.startsWith("jdbc:postgresql:")) {
        c.setReadOnly(true); // SQLite took its read-only flag at open and refuses a second one
      }
      requireTables(c, store);
      JdbcRecords records = new JdbcRecords(c);
      records.scan(matcher.kind().wireName(), matcher.firstDay(), matcher.lastDay(), run);
      return records;
    } catch (SQLException e) {
      throw new RecordSourceException(Kind.MISSING, redact(store) + ": cannot open: " + e.getMessage());
    }
  }

  private static void requireTables(Connection c, String store) throws RecordSourceException {
    try (Statement s = c.createStatement()) {
      s.executeQuery("SELECT id FROM records WHERE 1 = 0").close();
      s.executeQuery("SELECT key_id FROM batches WHERE 1 = 0").close();
    } catch (SQLException e) {
      throw new RecordSourceException(Kind.NOT_A_SOURCE, redact(store)
          + " is not a collector's store (no records and batches tables): " + e.getMessage());
    }
  }

  private static char[] readPassword(Path file) {
    try {
      return SecretFiles.readPassword("--store-password-file", file);
    } catch (ConfigException e) {
      throw new ExitCodes.CommandFailure(ExitCodes.CONFIG_ERROR, e.getMessage());
    }
  }

  /** A URL may carry a password parameter; it never reaches a message. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}
