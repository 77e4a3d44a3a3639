package org.proximity.backend.cli;

import org.proximity.common.cli.ExitCodes;
import org.proximity.common.mqtt.PahoClients;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The backend's entry point: {@code java -jar proximity-backend.jar COMMAND}. */
@Command(
    name = "proximity-backend",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Collects encounter batches from MQTT into a SQL store and matches diagnosis keys.",
    subcommands = {
      // one class per command, one per line; keep this list sorted
      CollectCommand.class,
      GapsCommand.class,
      MatchCommand.class,
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    PahoClients.logThroughSlf4j();
    System.exit(run(args));
  }

  /** Runs a command and returns its exit code; usage errors give 2. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The command line as {@link #run} executes it, for callers that redirect its output (the demo). */
  public static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new Main());
    cmd.setExecutionExceptionHandler(ExitCodes::handleExecutionException);
    return cmd;
  }

  @Override
  public void run() {
    // no command given: that is a usage error
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"proximity-backend " + (v == null ? "dev" : v)};
    }
  }
}
