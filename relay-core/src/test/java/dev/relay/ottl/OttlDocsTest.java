package dev.relay.ottl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.ottl.context.MetricPaths;
import dev.relay.ottl.context.SpanPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** docs/ottl.md names every function Relay has, and every one of the Collector's that it does not. */
class OttlDocsTest {
  private static String page() throws Exception {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path p = dir.resolve("docs").resolve("ottl.md");
      if (Files.isRegularFile(p)) {
        return Files.readString(p, StandardCharsets.UTF_8);
      }
    }
    throw new IllegalStateException("no docs/ottl.md above " + Path.of("").toAbsolutePath());
  }

  /** The span context's functions and the metric and datapoint contexts' own. */
  private static Set<String> allContextsFunctionNames() {
    Set<String> all = new TreeSet<>(SpanPaths.compiler().functionNames());
    all.addAll(MetricPaths.metricCompiler().functionNames());
    all.addAll(MetricPaths.datapointCompiler().functionNames());
    return all;
  }

  @Test
  void everyFunctionRelayHasIsDocumented() throws Exception {
    String page = page();
    Set<String> missing = new TreeSet<>();
    for (String name : allContextsFunctionNames()) {
      if (!page.contains("`" + name + "(") && !page.contains("`" + name + "`")) {
        missing.add(name);
      }
    }
    assertThat(missing).as("functions without a line in docs/ottl.md").isEmpty();
  }

  @Test
  void everyFunctionOfTheCollectorRelayLacksIsListedAsSuch() throws Exception {
    String page = page();
    String lacking = page.substring(page.indexOf("## Functions Relay does not have"));
    Set<String> known = allContextsFunctionNames();
    Set<String> missing = new TreeSet<>();
    for (String name : FunctionNames.COLLECTOR) {
      if (!known.contains(name) && !lacking.contains("`" + name + "`")) {
        missing.add(name);
      }
    }
    assertThat(missing).as("the Collector's functions not listed under 'Functions Relay does not have'").isEmpty();
  }
}
