package org.proximity.backend.cli;

import picocli.CommandLine;

/**
 * The backend's exit codes (sysexits.h where one fits): 0 ok, 1 failure at run time, 2 usage,
 * 65 bad input data, 66 input file missing, 74 the store or another I/O failed, 78 configuration
 * error.
 */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;
  public static final int DATA_ERROR = 65;
  public static final int NO_INPUT = 66;
  public static final int IO_ERROR = 74;
  public static final int CONFIG_ERROR = 78;

  private ExitCodes() {}

  /** A {@link CommandFailure} is one plain line on stderr; anything else is a bug and says so. */
  static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    if (e instanceof CommandFailure f) {
      cmd.getErr().println(cmd.getCommandName() + ": " + f.getMessage());
      cmd.getErr().flush();
      return f.exitCode();
    }
    cmd.getErr().println(cmd.getCommandName() + ": internal error: " + e);
    e.printStackTrace(cmd.getErr());
    return FAILURE;
  }

  /** Thrown by a command to end with one line and an exit code. */
  public static final class CommandFailure extends RuntimeException {
    private final int exitCode;

    public CommandFailure(int exitCode, String message) {
      super(message, null, false, false);
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }
  }
}
