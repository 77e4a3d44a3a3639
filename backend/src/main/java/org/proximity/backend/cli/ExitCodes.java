package org.proximity.backend.cli;

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
}
