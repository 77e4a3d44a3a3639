package org.proximity.backend.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The collector's SQL store: an SQLite file by default, PostgreSQL by {@code jdbc:postgresql:} URL.
 * {@link #open} brings the schema up to date with Flyway (migrations in this package's
 * {@code migration} folder, the same for both databases) and returns one connection.
 */
public final class Store implements AutoCloseable {
  /** Where Flyway finds the migrations; listed in the shaded jar too (BackendJarTest). */
  public static final String MIGRATIONS = "classpath:org/proximity/backend/store/migration";

  /**
   * The two databases; they differ only in the type of a byte column, connection tuning and how
   * records are written (PostgreSQL: COPY, {@link RecordCopy}).
   */
  public enum Dialect {
    SQLITE("BLOB"),
    POSTGRESQL("BYTEA");

    private final String binaryType;

    Dialect(String binaryType) {
      this.binaryType = binaryType;
    }
  }

  private final String jdbc;
  private final Properties props;
  private final Dialect dialect;
  private Connection connection;

  private Store(String jdbc, Properties props, Dialect dialect) throws SQLException {
    this.jdbc = jdbc;
    this.props = props;
    this.dialect = dialect;
    this.connection = connect();
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
    migrate(jdbc, props, dialect);
    return new Store(jdbc, props, dialect);
  }

  private Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(jdbc, props);
    if (dialect == Dialect.SQLITE) {
      try (Statement s = c.createStatement()) {
        // WAL: readers (gaps, match) never block the collector; FULL: a commit survives power loss,
        // since the broker forgets a message once it is acknowledged after the commit
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA busy_timeout=30000");
      }
      // transactions are begun explicitly (begin()): BEGIN IMMEDIATE takes the write lock up front,
      // so two collectors on one file wait for each other instead of failing with SQLITE_BUSY_SNAPSHOT
    } else {
      c.setAutoCommit(false);
    }
    return c;
  }

  /** Starts a write transaction. */
  public void begin() throws SQLException {
    if (dialect == Dialect.SQLITE) {
      try (Statement s = connection.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
      }
    }
  }

  public void commit() throws SQLException {
    if (dialect == Dialect.SQLITE) {
      try (Statement s = connection.createStatement()) {
        s.execute("COMMIT");
      }
    } else {
      connection.commit();
    }
  }

  public void rollback() throws SQLException {
    if (dialect == Dialect.SQLITE) {
      // fails when SQLite has already rolled back by itself (after some errors): harmless
      try (Statement s = connection.createStatement()) {
        s.execute("ROLLBACK");
      }
    } else {
      connection.rollback();
    }
  }

  /** Ends a read: PostgreSQL holds a transaction open until then; SQLite reads outside one. */
  public void endRead() throws SQLException {
    if (dialect == Dialect.POSTGRESQL) {
      connection.commit();
    }
  }

  /**
   * Whether the database refused this statement for what it holds (a value it cannot store, a
   * constraint), so that trying again cannot help; otherwise the failure is taken as passing (a
   * lock, a lost connection) and the write is retried.
   */
  public static boolean isRefusal(SQLException e) {
    if (e instanceof SQLiteException se) {
      SQLiteErrorCode code = se.getResultCode();
      return code == SQLiteErrorCode.SQLITE_TOOBIG || code == SQLiteErrorCode.SQLITE_MISMATCH
          || code == SQLiteErrorCode.SQLITE_RANGE || code.name().startsWith("SQLITE_CONSTRAINT");
    }
    String state = e.getSQLState();
    // SQL:2011 classes 22 data exception, 23 integrity constraint violation; PostgreSQL's 54 program limit
    return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("54"));
  }

  /** Replaces the connection after a failure (a restarted PostgreSQL); statements must be prepared again. */
  public void reconnect() throws SQLException {
    try {
      connection.close();
    } catch (SQLException e) {
      // it is broken already
    }
    connection = connect();
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

  /**
   * The store's connection, used by one thread at a time. Writes go between {@link #begin} and
   * {@link #commit}; reads end with {@link #endRead}.
   */
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
