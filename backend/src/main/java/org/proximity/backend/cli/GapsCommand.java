package org.proximity.backend.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;
import org.flywaydb.core.api.FlywayException;
import org.proximity.backend.config.BackendConfig;
import org.proximity.backend.config.BackendConfigLoader;
import org.proximity.backend.store.Store;
import org.proximity.backend.store.StreamGaps;
import org.proximity.common.cli.ExitCodes;
import org.proximity.common.config.ConfigException;
import org.proximity.common.config.SecretFiles;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Per site, gateway and epoch: messages stored, missing seq ranges and duplicate copies, one JSON
 * line each on stdout (docs/schema/gaps.schema.json), a summary on stderr.
 */
@Command(name = "gaps", description = "Report missing seq ranges and duplicates per site, gateway and epoch.")
public final class GapsCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @ArgGroup(multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--config", description = "backend.toml: its [store]") Path config;

    @Option(names = "--store", description = "SQLite file or jdbc: URL") String store;
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    String url = source.store;
    String user = null;
    char[] password = null;
    if (source.config != null) {
      try {
        BackendConfig cfg = BackendConfigLoader.load(source.config);
        url = cfg.store().url();
        user = cfg.store().user();
        if (cfg.store().passwordFile() != null) {
          password = SecretFiles.readPassword(CollectCommand.STORE_PASSWORD_KEY, cfg.store().passwordFile());
        }
      } catch (ConfigException e) {
        e.problems().forEach(p -> err.println("gaps: " + p));
        return ExitCodes.CONFIG_ERROR;
      }
    }
    try (Store store = Store.open(url, user, password)) {
      long[] totals = report(store.connection(), spec.commandLine().getOut());
      err.println("gaps: " + totals[0] + " streams, " + totals[1] + " messages stored, " + totals[2]
          + " missing, " + totals[3] + " duplicate copies");
      return ExitCodes.OK;
    } catch (SQLException | FlywayException e) {
      err.println("gaps: store " + url + " cannot be read: " + e.getMessage());
      return ExitCodes.IO_ERROR;
    }
  }

  /** Streams, stored, missing, duplicates. */
  static long[] report(Connection c, PrintWriter out) throws SQLException {
    long[] totals = new long[4];
    StreamGaps.Builder b = new StreamGaps.Builder();
    try (Statement s = c.createStatement()) {
      s.setFetchSize(10_000);
      try (ResultSet rs = s.executeQuery(
          "SELECT site, gateway, epoch, seq, duplicates FROM batches ORDER BY site, gateway, epoch, seq")) {
        while (rs.next()) {
          print(b.add(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)), out, totals);
        }
      }
    }
    print(b.finish(), out, totals);
    out.flush();
    return totals;
  }

  private static void print(StreamGaps g, PrintWriter out, long[] totals) {
    if (g == null) {
      return;
    }
    ObjectNode j = JSON.createObjectNode();
    j.put("schema", "proximity-backend/gaps/1");
    j.put("site", g.site());
    j.put("gateway", g.gateway());
    j.put("epoch", g.epoch());
    j.put("stored", g.stored());
    j.put("last_seq", g.lastSeq());
    ArrayNode missing = j.putArray("missing");
    for (long[] r : g.missing()) {
      missing.addArray().add(r[0]).add(r[1]);
    }
    j.put("missing_count", g.missingCount());
    j.put("duplicates", g.duplicates());
    out.println(j);
    totals[0]++;
    totals[1] += g.stored();
    totals[2] += g.missingCount();
    totals[3] += g.duplicates();
  }
}
