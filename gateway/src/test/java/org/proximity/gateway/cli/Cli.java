package org.proximity.gateway.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs a command in-process, as {@code java -jar proximity-gateway.jar ARGS} would, capturing stdout and stderr. */
final class Cli {
  record Run(int exit, String out, String err) {}

  private Cli() {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    picocli.CommandLine cmd = Main.commandLine(args);
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int exit = cmd.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
