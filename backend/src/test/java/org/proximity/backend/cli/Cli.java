package org.proximity.backend.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.proximity.common.cli.ExitCodes;
import picocli.CommandLine;

/** Runs a command in-process, as {@code java -jar proximity-backend.jar ARGS} would, capturing stdout and stderr. */
final class Cli {
  record Run(int exit, String out, String err) {}

  private Cli() {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = new CommandLine(new Main());
    cmd.setExecutionExceptionHandler(ExitCodes::handleExecutionException);
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int exit = cmd.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
