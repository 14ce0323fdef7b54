package dev.relay.app;

import dev.relay.service.RelayConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code relay validate --config FILE}: checks the file and says what is wrong, without starting anything. A valid
 * file's warnings (a deprecated name, a setting accepted and not acted on) go to stderr, once each.
 */
@Command(name = "validate", mixinStandardHelpOptions = true, description = "Check a configuration file and exit.")
final class ValidateCommand implements Callable<Integer> {
  @CommandLine.Mixin
  ConfigOption config;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    RelayConfig cfg = config.load(spec.commandLine().getErr());
    if (cfg == null) {
      return RelayMain.EXIT_USAGE;
    }
    for (String warning : cfg.warnings()) {
      spec.commandLine().getErr().println("relay: warning: " + warning);
    }
    spec.commandLine().getOut().println(config.file + ": valid (" + cfg.pipelines().size() + " pipeline"
        + (cfg.pipelines().size() == 1 ? "" : "s") + ")");
    return RelayMain.EXIT_OK;
  }
}
