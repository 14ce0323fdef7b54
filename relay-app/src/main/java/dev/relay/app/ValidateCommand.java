package dev.relay.app;

import dev.relay.pipeline.ConfigDiff;
import dev.relay.service.RelayConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code relay validate --config FILE [--strict-env]}: checks the configuration and says what is wrong, without
 * starting anything. A valid configuration's warnings (a deprecated name, a setting accepted and not acted on, an
 * unset variable that became empty) go to stderr, once each; the exit code stays 0. {@code relay validate --diff
 * OLD NEW} checks both and prints what a reload from OLD to NEW would change.
 */
@Command(name = "validate", mixinStandardHelpOptions = true, description = "Check a configuration file and exit.")
final class ValidateCommand implements Callable<Integer> {
  @CommandLine.Mixin
  ConfigOption config;

  @Option(names = "--strict-env", description = "Treat a variable that is unset and has no default as a fault"
      + " (by default it expands to an empty string, with a warning, as in the Collector).")
  boolean strictEnv;

  @Option(names = "--diff", arity = "2", paramLabel = "FILE", description = "Check OLD and NEW and print what a"
      + " reload from OLD to NEW would change: one line per component and pipeline (added, changed, removed, kept).")
  List<Path> diff;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (diff != null) {
      return diff(spec.commandLine().getOut(), spec.commandLine().getErr());
    }
    RelayConfig cfg = config.load(spec.commandLine().getErr(), strictEnv);
    if (cfg == null) {
      return RelayMain.EXIT_USAGE;
    }
    ConfigOption.printWarnings(spec.commandLine().getErr(), cfg.warnings());
    spec.commandLine().getOut().println(config.describe() + ": valid (" + cfg.pipelines().size() + " pipeline"
        + (cfg.pipelines().size() == 1 ? "" : "s") + ")");
    return RelayMain.EXIT_OK;
  }

  /** Prints {@code OLD -> NEW: N changes} and one line per entry; the {@code --set} values apply to both. */
  private int diff(PrintWriter out, PrintWriter err) {
    RelayConfig before = ConfigOption.load(List.of(diff.get(0)), config.sets, err, strictEnv);
    RelayConfig after = ConfigOption.load(List.of(diff.get(1)), config.sets, err, strictEnv);
    if (before == null || after == null) {
      return RelayMain.EXIT_USAGE;
    }
    ConfigDiff d = ConfigDiff.between(before.graph(), after.graph());
    List<String> restart = new java.util.ArrayList<>();
    restartLine(restart, "service.admin", before.admin(), after.admin());
    restartLine(restart, "health_check", before.healthCheck(), after.healthCheck());
    restartLine(restart, "service.telemetry", before.telemetry(), after.telemetry());
    List<String> extensions = extensionLines(before, after);
    long changes = d.entries().stream().filter(e -> e.change() != ConfigDiff.Change.KEPT).count() + restart.size()
        + extensions.stream().filter(line -> !line.startsWith("kept ")).count();
    out.println(diff.get(0) + " -> " + diff.get(1) + ": " + (changes == 0 ? "no changes"
        : changes + " change" + (changes == 1 ? "" : "s")));
    d.entries().forEach(e -> out.println("  " + e));
    extensions.forEach(line -> out.println("  " + line));
    restart.forEach(line -> out.println("  " + line));
    return RelayMain.EXIT_OK;
  }

  /** One line per auth extension, by id only (its settings hold secrets); a changed one is applied in place. */
  private static List<String> extensionLines(RelayConfig before, RelayConfig after) {
    java.util.Set<String> ids = new java.util.LinkedHashSet<>(before.authExtensions().keySet());
    ids.addAll(after.authExtensions().keySet());
    List<String> lines = new java.util.ArrayList<>();
    for (String id : ids) {
      Object was = before.authExtensions().get(id);
      Object is = after.authExtensions().get(id);
      lines.add(was == null ? "added extension " + id : is == null ? "removed extension " + id
          : was.equals(is) ? "kept extension " + id : "changed extension " + id + " (applied in place)");
    }
    return lines;
  }

  private static void restartLine(List<String> out, String what, Object before, Object after) {
    if (!Objects.equals(before, after)) {
      out.add("changed " + what + " (applied at the next restart, not by a reload)");
    }
  }
}
