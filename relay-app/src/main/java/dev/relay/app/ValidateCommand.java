package dev.relay.app;

import dev.relay.service.RelayConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code relay validate --config FILE [--strict-env]}: checks the configuration and says what is wrong, without
 * starting anything. A valid configuration's warnings (a deprecated name, a setting accepted and not acted on, an
 * unset variable that became empty) go to stderr, once each; the exit code stays 0.
 */
@Command(name = "validate", mixinStandardHelpOptions = true, description = "Check a configuration file and exit.")
final class ValidateCommand implements Callable<Integer> {
  @CommandLine.Mixin
  ConfigOption config;

  @Option(names = "--strict-env", description = "Treat a variable that is unset and has no default as a fault"
      + " (by default it expands to an empty string, with a warning, as in the Collector).")
  boolean strictEnv;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    RelayConfig cfg = config.load(spec.commandLine().getErr(), strictEnv);
    if (cfg == null) {
      return RelayMain.EXIT_USAGE;
    }
    ConfigOption.printWarnings(spec.commandLine().getErr(), cfg.warnings());
    spec.commandLine().getOut().println(config.describe() + ": valid (" + cfg.pipelines().size() + " pipeline"
        + (cfg.pipelines().size() == 1 ? "" : "s") + ")");
    return RelayMain.EXIT_OK;
  }
}
