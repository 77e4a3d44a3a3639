package org.proximity.backend.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import org.proximity.backend.bluezone.BluezoneKey;
import org.proximity.backend.bluezone.BluezoneMessageException;
import org.proximity.backend.bluezone.InfectedUserMessage;
import org.proximity.backend.export.DiagnosisKey;
import org.proximity.backend.export.ExportArchive;
import org.proximity.backend.export.ExportException;
import org.proximity.backend.export.ExportFile;
import org.proximity.backend.export.PemKeys;
import org.proximity.backend.match.Matcher;
import org.proximity.backend.match.SiteKeys;
import org.proximity.backend.records.JsonLinesRecords;
import org.proximity.backend.records.RecordSource;
import org.proximity.backend.records.RecordSourceException;
import org.proximity.common.cli.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code match}: diagnosis keys (a signed GAEN export, or Bluezone's infected-user message) against
 * stored encounter records; one JSON line per matched record (docs/matching.md).
 */
@Command(
    name = "match",
    mixinStandardHelpOptions = true,
    description = {
      "Matches diagnosis keys against encounter records: a GAEN export zip (signature checked against the",
      "health authority's PEM public key) or a Bluezone infected-user message, against the collector's store",
      "or JSON lines of batches as replay writes them. One JSON line per matched record on stdout",
      "(proximity-backend/exposure/1), a summary on stderr.",
      "Exit 0 ok (also when nothing matched), 2 usage, 65 export or message refused (bad signature, header,",
      "format), 66 input missing, 74 I/O error, 78 bad root key file."
    })
public final class MatchCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Keys keys;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Diagnosis diagnosis;

  static final class Keys {
    @Option(names = "--root-key", paramLabel = "FILE", required = true,
        description = "The site root key of every site: 64 hex characters, readable by its owner only.")
    Path rootKey;

    @Option(names = "--root-keys", paramLabel = "DIR", required = true,
        description = "One root key file per site, named <site>.key; records of other sites are not matched.")
    Path rootKeys;
  }

  static final class Source {
    @Option(names = "--store", paramLabel = "JDBC_URL_OR_SQLITE_FILE", required = true,
        description = "The collector's store: an SQLite file, or a jdbc:postgresql: URL.")
    String store;

    @Option(names = "--records", paramLabel = "FILE.jsonl", required = true,
        description = "Encounters messages, one JSON payload a line (replay's output).")
    Path records;
  }

  static final class Diagnosis {
    @ArgGroup(exclusive = false, multiplicity = "1")
    Gaen gaen;

    @Option(names = "--bluezone", paramLabel = "FILE.json", required = true,
        description = "Bluezone's infected-user message {\"data\":[{\"daily_key\",\"time_start\",\"time_end\",\"max\"}…]}.")
    Path bluezone;
  }

  static final class Gaen {
    @Option(names = "--gaen-export", paramLabel = "FILE.zip", required = true,
        description = "A GAEN diagnosis-key export (export.bin + export.sig).")
    Path export;

    @Option(names = "--gaen-public-key", paramLabel = "FILE.pem", required = true,
        description = "The health authority's P-256 public key that signed the export (PEM).")
    Path publicKey;
  }

  @Option(names = "--store-password-file", paramLabel = "FILE",
      description = "With a PostgreSQL --store: the database password on the first line, owner-only.")
  Path storePasswordFile;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    SiteKeys siteKeys = keys.rootKey != null
        ? SiteKeys.forEverySite(RootKeyFiles.read("--root-key", keys.rootKey))
        : SiteKeys.perSite(RootKeyFiles.readDirectory(keys.rootKeys));
    Matcher matcher = diagnosis.gaen != null ? gaenMatcher(siteKeys, err) : bluezoneMatcher(siteKeys, err);
    Writer out = new BufferedWriter(spec.commandLine().getOut(), 1 << 16);
    MatchRun run = new MatchRun(matcher, siteKeys, out);
    RecordSource records;
    try {
      if (source.records != null) {
        try (InputStream in = Inputs.open("--records", source.records)) {
          records = new JsonLinesRecords(in);
          records.scan(matcher.kind().wireName(), matcher.firstDay(), matcher.lastDay(), run);
        }
      } else {
        records = StoreInput.scan(source.store, storePasswordFile, matcher, run);
      }
      out.flush();
    } catch (RecordSourceException e) {
      throw new ExitCodes.CommandFailure(exitCode(e.kind()), (source.records != null ? "--records " : "--store ")
          + e.getMessage());
    } catch (IOException | MatchRun.OutputFailure e) {
      throw new ExitCodes.CommandFailure(ExitCodes.IO_ERROR, "cannot write the exposures: " + e.getMessage());
    }
    if (spec.commandLine().getOut().checkError()) {
      throw new ExitCodes.CommandFailure(ExitCodes.IO_ERROR, "cannot write stdout");
    }
    run.printSummary(err, records);
    return ExitCodes.OK;
  }

  private Matcher gaenMatcher(SiteKeys siteKeys, PrintWriter err) {
    ExportFile export;
    try {
      String pem = new String(Inputs.read("--gaen-public-key", diagnosis.gaen.publicKey, 64 << 10),
          StandardCharsets.US_ASCII);
      export = ExportArchive.read(Inputs.read("--gaen-export", diagnosis.gaen.export, 2 * ExportArchive.MAX_ENTRY_BYTES),
          PemKeys.parsePublicKey(pem));
    } catch (ExportException e) {
      throw new ExitCodes.CommandFailure(ExitCodes.DATA_ERROR, "--gaen-export " + diagnosis.gaen.export
          + " refused, nothing matched: " + e.getMessage());
    }
    List<DiagnosisKey> keysToMatch = export.keysToMatch();
    err.println("match: GAEN export " + diagnosis.gaen.export.getFileName() + ": signature verified; "
        + export.keys().size() + " keys, " + export.revisedKeys().size() + " revised, "
        + (export.keys().size() + export.revisedKeys().size() - keysToMatch.size())
        + " left out (revoked or replaced); matching " + keysToMatch.size());
    return Matcher.gaen(keysToMatch, siteKeys);
  }

  private Matcher bluezoneMatcher(SiteKeys siteKeys, PrintWriter err) {
    try {
      List<BluezoneKey> dailyKeys = InfectedUserMessage.parse(Inputs.read("--bluezone", diagnosis.bluezone, 64 << 20));
      err.println("match: Bluezone message " + diagnosis.bluezone.getFileName() + ": " + dailyKeys.size() + " daily keys");
      return Matcher.bluezone(dailyKeys, siteKeys);
    } catch (BluezoneMessageException e) {
      throw new ExitCodes.CommandFailure(ExitCodes.DATA_ERROR, "--bluezone " + diagnosis.bluezone
          + " refused, nothing matched: " + e.getMessage());
    }
  }

  private static int exitCode(RecordSourceException.Kind kind) {
    return switch (kind) {
      case MISSING, NOT_A_SOURCE -> ExitCodes.NO_INPUT;
      case READ_FAILED -> ExitCodes.IO_ERROR;
    };
  }

  static String join(Map<String, Long> counts) {
    if (counts.isEmpty()) {
      return "none";
    }
    StringJoiner j = new StringJoiner(", ");
    counts.forEach((k, v) -> j.add(k + "=" + v));
    return j.toString();
  }

  /** Reads input files with the usual messages and exit codes. */
  static final class Inputs {
    private Inputs() {}

    static byte[] read(String option, Path file, long maxBytes) {
      try {
        if (Files.size(file) > maxBytes) {
          throw new ExitCodes.CommandFailure(ExitCodes.DATA_ERROR,
              option + " " + file + " is larger than " + maxBytes + " bytes, refused, nothing matched");
        }
        return Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        throw new ExitCodes.CommandFailure(ExitCodes.NO_INPUT, option + " " + file + ": no such file");
      } catch (IOException e) {
        throw new ExitCodes.CommandFailure(ExitCodes.IO_ERROR, option + " " + file + ": cannot read: " + e.getMessage());
      }
    }

    static InputStream open(String option, Path file) {
      try {
        return Files.newInputStream(file);
      } catch (NoSuchFileException e) {
        throw new ExitCodes.CommandFailure(ExitCodes.NO_INPUT, option + " " + file + ": no such file");
      } catch (IOException e) {
        throw new ExitCodes.CommandFailure(ExitCodes.IO_ERROR, option + " " + file + ": cannot read: " + e.getMessage());
      }
    }
  }
}
