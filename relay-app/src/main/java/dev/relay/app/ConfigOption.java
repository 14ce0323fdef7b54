package dev.relay.app;

import dev.relay.builtin.BuiltinComponents;
import dev.relay.config.ConfigException;
import dev.relay.config.ConfigProblem;
import dev.relay.config.YamlLoader;
import dev.relay.service.ConfigSource;
import dev.relay.service.RelayConfig;
import dev.relay.service.RelayConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code --config FILE} (repeatable: merged in order) and {@code --set key.path=value} options shared by the
 * subcommands, as the Collector's, and loading them.
 */
final class ConfigOption {
  // Required, checked in load(): validate --diff names its files itself.
  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Relay configuration (YAML); give it more than once to merge files in order (later wins)."
          + " 'file:PATH' is the same as PATH.")
  List<String> files;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Set one key after the files are merged, e.g. --set exporters.otlp.endpoint=tempo:4317"
          + " (repeatable; the value is YAML).")
  List<String> sets = new ArrayList<>();

  /** The files as given, for messages: one path, or several joined. */
  String describe() {
    return String.join(", ", paths().stream().map(Path::toString).toList());
  }

  List<Path> paths() {
    return files == null ? List.of() : files.stream().map(f -> Path.of(f.startsWith("file:") ? f.substring("file:".length()) : f)).toList();
  }

  /** Loads and validates the files; on faults prints one line per fault and returns null. */
  RelayConfig load(PrintWriter err) {
    return load(err, false);
  }

  /**
   * As {@link #load(PrintWriter)}; with {@code strictEnv}, an unset variable without a default is a fault rather than
   * an empty string. The warnings of a rejected config are printed after its faults: they often explain one.
   */
  RelayConfig load(PrintWriter err, boolean strictEnv) {
    if (paths().isEmpty()) {
      err.println("Missing required option: '--config=FILE'");
      return null;
    }
    return load(paths(), sets, err, strictEnv);
  }

  /** Where a reload reads the config again: the same files and {@code --set} values. */
  ConfigSource source() {
    List<Path> paths = paths();
    List<String> given = List.copyOf(sets);
    return () -> new RelayConfigLoader(BuiltinComponents.all(), YamlLoader.withSystemEnv()).load(paths, given);
  }

  /** Loads {@code paths} with {@code sets} over them; on faults prints one line per fault and returns null. */
  static RelayConfig load(List<Path> paths, List<String> sets, PrintWriter err, boolean strictEnv) {
    try {
      return new RelayConfigLoader(BuiltinComponents.all(), YamlLoader.withSystemEnv().strictEnv(strictEnv))
          .load(paths, sets);
    } catch (ConfigException e) {
      err.println("relay: invalid configuration (" + e.problems().size() + " fault"
          + (e.problems().size() == 1 ? "" : "s") + "):");
      for (ConfigProblem p : e.problems()) {
        err.println("  " + p);
      }
      printWarnings(err, e.warnings());
      return null;
    }
  }

  /** Each warning on its own line, as {@code relay: warning: file:line: key: message}. */
  static void printWarnings(PrintWriter err, List<?> warnings) {
    for (Object w : warnings) {
      err.println("relay: warning: " + w);
    }
  }
}
