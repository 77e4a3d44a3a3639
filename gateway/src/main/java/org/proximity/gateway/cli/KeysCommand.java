package org.proximity.gateway.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.proximity.common.cli.ExitCodes;
import org.proximity.contract.rollingid.DayKey;
import org.proximity.gateway.keys.KeyFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The installer's and the backend's key tool. Prints key ids, never keys. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Derive and inspect day key files (docs/privacy.md).",
    subcommands = {KeysCommand.Derive.class, KeysCommand.Show.class})
public final class KeysCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: derive or show");
  }

  @Command(name = "derive", mixinStandardHelpOptions = true,
      description = "Write the day key K(d) of a date, derived from the site root key, to a file (mode 0600).")
  static final class Derive implements Callable<Integer> {
    static final LocalDate FIRST_DAY = LocalDate.EPOCH;
    static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);

    @Option(names = "--root-key", required = true, description = "File with the site root key (64 hex characters).")
    Path rootKey;

    @Option(names = "--date", required = true, description = "UTC date, YYYY-MM-DD.")
    String date;

    @Option(names = "--out", required = true, description = "Day key file to write.")
    Path out;

    @Override
    public Integer call() {
      LocalDate d;
      try {
        d = LocalDate.parse(date);
      } catch (DateTimeParseException e) {
        throw new ExitCodes.CommandFailure(ExitCodes.USAGE, "--date must be YYYY-MM-DD, was " + date);
      }
      // day keys exist from 1970-01-01 on, and the key file holds a four-digit year
      if (d.isBefore(FIRST_DAY) || d.isAfter(LAST_DAY)) {
        throw new ExitCodes.CommandFailure(ExitCodes.USAGE,
            "--date must be from " + FIRST_DAY + " to " + LAST_DAY + ", was " + date);
      }
      try {
        DayKey key = KeyFiles.readRootKey(rootKey).dayKey(d.toEpochDay());
        KeyFiles.writeDayKey(out, key);
        System.out.println(d + " " + key.keyId());
        return ExitCodes.OK;
      } catch (KeyFiles.KeyFileException e) {
        throw new ExitCodes.CommandFailure(ExitCodes.CONFIG_ERROR, e.getMessage());
      } catch (IOException e) {
        // KeyFiles removed its temporary file; the message names paths, never the key
        throw new ExitCodes.CommandFailure(ExitCodes.IO_ERROR, "cannot write " + out + ": " + e.getMessage());
      }
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Print the date and key id of a day key file (never the key).")
  static final class Show implements Callable<Integer> {
    @Option(names = "--key-file", required = true, description = "Day key file.")
    Path keyFile;

    @Override
    public Integer call() {
      try {
        DayKey key = KeyFiles.readDayKey(keyFile);
        System.out.println(LocalDate.ofEpochDay(key.epochDay()) + " " + key.keyId());
        return ExitCodes.OK;
      } catch (KeyFiles.KeyFileException e) {
        throw new ExitCodes.CommandFailure(ExitCodes.CONFIG_ERROR, e.getMessage());
      }
    }
  }
}
