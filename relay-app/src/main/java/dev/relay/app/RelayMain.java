package dev.relay.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code relay run|validate --config FILE} and {@code relay gen}. Exit codes: 0 ok, 1 runtime failure, 2 bad usage or invalid config.
 */
@Command(
    name = "relay",
    mixinStandardHelpOptions = true,
    versionProvider = RelayMain.Version.class,
    description = "Receives OTLP, forwards it to Tempo and publishes selected span events to Redis.",
    subcommands = {RunCommand.class, ValidateCommand.class, TapCommand.class, GenCommand.class})
public final class RelayMain implements java.util.concurrent.Callable<Integer> {
  public static final int EXIT_OK = 0;
  public static final int EXIT_RUNTIME = 1;
  public static final int EXIT_USAGE = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    LibraryDefaults.apply();
    Logging.configure();
    int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    Logging.flush();
    System.exit(code);
  }

  /** Runs the command line with the given streams; returns the exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new RelayMain());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      Logging.flush(); // the lines logged before come first
      commandLine.getErr().println("relay: " + e.getMessage());
      return EXIT_RUNTIME;
    });
    return cli.execute(args);
  }

  /** Without a subcommand there is nothing to do: that is a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().getErr().println("relay: missing command (run, validate or gen)");
    spec.commandLine().usage(spec.commandLine().getErr());
    return EXIT_USAGE;
  }

  /** Reads the version Maven wrote into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = RelayMain.class.getResourceAsStream("/relay-version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"relay " + p.getProperty("version", "unknown") + " (Java " + Runtime.version() + ")"};
    }
  }
}
