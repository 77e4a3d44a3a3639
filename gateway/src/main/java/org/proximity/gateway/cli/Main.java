package org.proximity.gateway.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.proximity.common.cli.ExitCodes;
import org.proximity.common.mqtt.PahoClients;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command-line entry point: {@code java -jar proximity-gateway.jar COMMAND}. */
@Command(
    name = "proximity-gateway",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "BLE contact-tracing gateway: Bluezone and GAEN sightings to MQTT encounter records.",
    subcommands = {
      // one class per command; keep this list sorted
      BenchCommand.class,
      CheckConfigCommand.class,
      DecodeCommand.class,
      KeysCommand.class,
      ReplayCommand.class,
      RunCommand.class,
      ScanCommand.class,
      SelfTestCommand.class,
      SimulateCommand.class,
      StatusCommand.class,
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    quietLibraryLogs();
    PahoClients.logThroughSlf4j();
    System.exit(run(args));
  }

  /**
   * dbus-java logs whole signals (device object paths, so addresses) at WARN when a handler throws:
   * only its errors are logged. Pi4J logs a dozen lines per context, and its board detection logs
   * ERRORs on anything that is not a Pi (the LED code logs its own one line instead). A user's -D
   * flag still wins.
   */
  static void quietLibraryLogs() {
    for (String lib : new String[] {"com.github.hypfvieh", "org.freedesktop"}) {
      quiet(lib, "error");
    }
    quiet("com.pi4j", "error");
    quiet("com.pi4j.boardinfo", "off");
  }

  private static void quiet(String logger, String level) {
    String key = "org.slf4j.simpleLogger.log." + logger;
    if (System.getProperty(key) == null) {
      System.setProperty(key, level);
    }
  }

  /** Runs a command and returns its exit code; usage errors give 2. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /**
   * The command line with its shared handlers: failures as one line ({@link ExitCodes}), and file
   * paths that name the rule they break instead of the JDK's exception.
   */
  static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new Main());
    cmd.setExecutionExceptionHandler(ExitCodes::handleExecutionException);
    cmd.registerConverter(Path.class, Main::path);
    return cmd;
  }

  private static Path path(String s) {
    if (s.indexOf('\0') >= 0) {
      throw new CommandLine.TypeConversionException("must be a file path without a NUL character");
    }
    try {
      return Path.of(s);
    } catch (InvalidPathException e) {
      throw new CommandLine.TypeConversionException("must be a file path (" + e.getReason() + ")");
    }
  }

  @Override
  public void run() {
    // no command given: that is a usage error
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"proximity-gateway " + version()};
    }
  }

  /** The jar's Implementation-Version, or "dev" on a class path. */
  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
