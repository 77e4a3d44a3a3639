package org.proximity.gateway.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.proximity.common.cli.ExitCodes;
import org.proximity.common.mqtt.PahoClients;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command-line entry point: {@code java -jar proximity-gateway.jar COMMAND}. */
@Command(
    name = "proximity-gateway",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "BLE contact-tracing gateway: Bluezone and GAEN sightings to MQTT encounter records.")
public final class Main implements Runnable {
  /**
   * The commands by name, sorted. Only the one invoked is added to the command line: picocli reads a
   * command's options by reflection when it is added, and all of them together took about 0.1 s of
   * every start on one core here (docs/benchmarks.md, "Start-up"), several times that on a Pi.
   * Help, a typo and no command at all get every command, so that usage lists and suggests them.
   */
  static final Map<String, Supplier<Object>> COMMANDS = commands();

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

  private static Map<String, Supplier<Object>> commands() {
    Map<String, Supplier<Object>> m = new LinkedHashMap<>();
    m.put("bench", BenchCommand::new);
    m.put("check-config", CheckConfigCommand::new);
    m.put("decode", DecodeCommand::new);
    m.put("keys", KeysCommand::new);
    m.put("replay", ReplayCommand::new);
    m.put("run", RunCommand::new);
    m.put("scan", ScanCommand::new);
    m.put("selftest", SelfTestCommand::new);
    m.put("simulate", SimulateCommand::new);
    m.put("status", StatusCommand::new);
    return Collections.unmodifiableMap(m);
  }

  /** Runs a command and returns its exit code; usage errors give 2. */
  public static int run(String... args) {
    return commandLine(args).execute(args);
  }

  /**
   * The command line for {@code args}: with the one command it names, or every command when its
   * first word names none (so with no arguments, every command: help, tests). Its shared handlers:
   * failures as one line ({@link ExitCodes}), and file paths that name the rule they break instead
   * of the JDK's exception.
   */
  static CommandLine commandLine(String... args) {
    CommandLine cmd = new CommandLine(new Main());
    Supplier<Object> named = args.length > 0 ? COMMANDS.get(args[0]) : null;
    if (named != null) {
      cmd.addSubcommand(args[0], named.get());
    } else {
      COMMANDS.forEach((name, command) -> cmd.addSubcommand(name, command.get()));
    }
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
