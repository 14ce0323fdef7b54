package dev.relay.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.relay.builtin.BuiltinComponents;
import dev.relay.config.ConfigException;
import dev.relay.config.ConfigProblem;
import dev.relay.config.YamlLoader;
import dev.relay.service.RelayConfig;
import dev.relay.service.RelayConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compatibility suite's configs load as {@code relay validate --config FILE} loads them, with no environment:
 * those in scope with exactly their warnings, the others with exactly the faults naming what Relay leaves out. An
 * unset variable is an empty string, as in the Collector (none of those that validate uses one).
 */
class CompatSuiteTest {
  /** A loader as {@code relay validate} is, with the environment {@code name}'s deployment gives it (none mostly). */
  private static RelayConfigLoader loader(String name) {
    Map<String, String> env = CompatConfigs.ENV.getOrDefault(name, Map.of());
    return new RelayConfigLoader(BuiltinComponents.all(), new YamlLoader(env::get));
  }

  static List<CompatConfigs.Case> validating() {
    return CompatConfigs.VALIDATING;
  }

  static Stream<String> needsUnsupported() {
    return CompatConfigs.NEEDS_UNSUPPORTED.keySet().stream().sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validating")
  void validatesUnchanged(CompatConfigs.Case c) throws ConfigException {
    RelayConfig config = loader(c.name()).load(List.of(c.file()), List.of());
    assertThat(config.warnings().stream().map(w -> withoutFile(c.file(), w)))
        .containsExactlyInAnyOrderElementsOf(c.warnings());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("needsUnsupported")
  void isRefusedOnlyForWhatRelayLeavesOut(String name) {
    Path file = CompatConfigs.DIR.resolve(name + ".yaml");
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader(name).load(List.of(file), List.of()));
    assertThat(e).as("%s should be refused", name).isNotNull();
    assertThat(e.problems().stream().map(p -> withoutFile(file, p.toString())))
        .containsExactlyElementsOf(CompatConfigs.NEEDS_UNSUPPORTED.get(name));
  }

  @Test
  void atLeastFifteenValidateAndEveryStoredFileIsInTheSuiteWithItsSource() throws IOException {
    assertThat(CompatConfigs.VALIDATING).hasSizeGreaterThanOrEqualTo(15);
    TreeSet<String> listed = new TreeSet<>(CompatConfigs.NEEDS_UNSUPPORTED.keySet());
    CompatConfigs.VALIDATING.forEach(c -> assertThat(listed.add(c.name())).as(c.name()).isTrue());
    TreeSet<String> stored = new TreeSet<>();
    try (Stream<Path> files = Files.list(CompatConfigs.DIR)) {
      for (Path f : files.toList()) {
        stored.add(f.getFileName().toString().replaceFirst("\\.yaml$", ""));
        assertThat(Files.readAllLines(f).get(0)).as(f.toString())
            .matches("# Source: https://github\\.com/[\\w.-]+/[\\w.-]+/blob/[0-9a-f]{40}/\\S+ \\(Apache-2\\.0\\),"
                + " stored unchanged below this line\\.");
      }
    }
    assertThat(stored).isEqualTo(listed);
  }

  /** {@code file:line: key: message} without its {@code file:}, which depends on where the test runs. */
  private static String withoutFile(Path file, Object problem) {
    String text = problem instanceof ConfigProblem p ? p.toString() : problem.toString();
    assertThat(text).startsWith(file + ":");
    return text.substring(file.toString().length() + 1);
  }
}
