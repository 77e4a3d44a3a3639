package org.proximity.common.cli;

import picocli.CommandLine;

/**
 * The exit codes of every command of the gateway and the backend, defined once (sysexits.h where
 * one fits): 0 ok, 1 failure at run time, 2 usage, 65 bad input data, 66 input file missing, 73
 * state directory held by another process, 74 I/O error (the store, for the backend), 75 radio
 * failed (systemd restarts the service), 78 configuration error. systemd/README.md, "Exit codes",
 * has the table with what the gateway's unit does on each; docs/backend.md the backend's.
 */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;
  public static final int DATA_ERROR = 65;
  public static final int NO_INPUT = 66;
  /**
   * sysexits' EX_CANTCREAT: another gateway process holds the state directory's lock (a second
   * {@code run} on the same config). systemd retries: the other process may be a technician's
   * {@code run} by hand that ends.
   */
  public static final int STATE_IN_USE = 73;
  public static final int IO_ERROR = 74;
  /**
   * sysexits' EX_TEMPFAIL: the radio cannot start, or its recovery ladder gave up (docs/radio.md). A temporary
   * failure: systemd restarts the service ({@code Restart=always}), which gets a fresh D-Bus
   * connection and, with the optional drop-in, a restarted bluetoothd.
   */
  public static final int RADIO_FAILED = 75;
  public static final int CONFIG_ERROR = 78;

  private ExitCodes() {}

  /** A command's failure is printed as one plain line, never as a stack trace. */
  public static int handleExecutionException(
      Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    if (e instanceof CommandFailure f) {
      cmd.getErr().println(cmd.getCommandName() + ": " + f.getMessage());
      cmd.getErr().flush();
      return f.exitCode();
    }
    cmd.getErr().println(cmd.getCommandName() + ": internal error: " + e);
    e.printStackTrace(cmd.getErr());
    return FAILURE;
  }

  /** Thrown by commands to end with a message and an exit code. */
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
