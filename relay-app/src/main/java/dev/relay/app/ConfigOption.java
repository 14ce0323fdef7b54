package dev.relay.app;

import dev.relay.config.ConfigException;
import dev.relay.config.ConfigProblem;
import dev.relay.config.YamlLoader;
import dev.relay.builtin.BuiltinComponents;
import dev.relay.service.RelayConfig;
import dev.relay.service.RelayConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option shared by the subcommands, and loading it. */
final class ConfigOption {
  @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "Relay configuration (YAML).")
  Path file;

  /** Loads and validates the file; on faults prints one line per fault and returns null. */
  RelayConfig load(PrintWriter err) {
    try {
      return new RelayConfigLoader(BuiltinComponents.all(), YamlLoader.withSystemEnv()).load(file);
    } catch (ConfigException e) {
      err.println("relay: invalid configuration (" + e.problems().size() + " fault"
          + (e.problems().size() == 1 ? "" : "s") + "):");
      for (ConfigProblem p : e.problems()) {
        err.println("  " + p);
      }
      return null;
    }
  }
}
