package org.proximity.backend.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;

/**
 * The collector's SQL store: an SQLite file by default, PostgreSQL by {@code jdbc:postgresql:} URL.
 * {@link #open} brings the schema up to date with Flyway (migrations in this package's
 * {@code migration} folder, the same for both databases) and returns one connection.
 */
public final class Store implements AutoCloseable {
  /** Where Flyway finds the migrations; listed in the shaded jar too (BackendJarTest). */
  public static final String MIGRATIONS = "classpath:org/proximity/backend/store/migration";

  /** The two databases; they differ only in the type of a byte column and in connection tuning. */
  public enum Dialect {
    SQLITE("BLOB"),
    POSTGRESQL("BYTEA");

    private final String binaryType;

    Dialect(String binaryType) {
      this.binaryType = binaryType;
    }
  }

  private final Connection connection;
  private final Dialect dialect;

  private Store(Connection connection, Dialect dialect) {
    this.connection = connection;
    this.dialect = dialect;
  }

  /**
   * Opens the store named by {@code url}: a {@code jdbc:} URL, or else the path of an SQLite file
   * (created if missing). {@code user} and {@code password} may be null (SQLite needs neither).
   */
  public static Store open(String url, String user, char[] password) throws SQLException {
    String jdbc = jdbcUrl(url);
    Dialect dialect = jdbc.startsWith("jdbc:postgresql:") ? Dialect.POSTGRESQL : Dialect.SQLITE;
    if (!jdbc.startsWith("jdbc:postgresql:") && !jdbc.startsWith("jdbc:sqlite:")) {
      throw new SQLException("only jdbc:sqlite: and jdbc:postgresql: URLs are supported");
    }
    Properties props = new Properties();
    if (user != null && !user.isEmpty()) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", new String(password));
    }
    if (dialect == Dialect.POSTGRESQL && !jdbc.contains("reWriteBatchedInserts")) {
      // one multi-row INSERT per batch of rows instead of one round trip per row
      props.setProperty("reWriteBatchedInserts", "true");
    }
    migrate(jdbc, props, dialect);
    Connection c = DriverManager.getConnection(jdbc, props);
    if (dialect == Dialect.SQLITE) {
      try (Statement s = c.createStatement()) {
        // WAL: readers (gaps, match) never block the collector; FULL: a commit survives power loss,
        // since the broker forgets a message once it is acknowledged after the commit
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA busy_timeout=30000");
      }
    }
    c.setAutoCommit(false);
    return new Store(c, dialect);
  }

  /** A {@code jdbc:} URL as it is; anything else is an SQLite file path. */
  public static String jdbcUrl(String url) {
    return url.startsWith("jdbc:") ? url : "jdbc:sqlite:" + url;
  }

  private static void migrate(String jdbc, Properties props, Dialect dialect) {
    Flyway.configure(Store.class.getClassLoader())
        .dataSource(jdbc, props.getProperty("user"), props.getProperty("password"))
        .locations(MIGRATIONS)
        .failOnMissingLocations(true)
        .placeholders(Map.of("binary", dialect.binaryType))
        .load()
        .migrate();
  }

  /** The store's connection, auto-commit off. Used by one thread at a time. */
  public Connection connection() {
    return connection;
  }

  public Dialect dialect() {
    return dialect;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
