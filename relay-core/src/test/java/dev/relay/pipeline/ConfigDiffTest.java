package dev.relay.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.ConfigFixture;
import dev.relay.testing.TestConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a reload would change, component by component, judged on the settings as read. */
class ConfigDiffTest {
  private static TestConfig base() {
    return new TestConfig()
        .otlpReceiver()
        .processor("transform", """
            trace_statements:
              - set(span.attributes["x"], "1")
            """)
        .otlpExporter("otlp", "127.0.0.1:4317", "headers: {x-tenant: a}\n")
        .debugExporter()
        .pipeline("traces", List.of("otlp"), List.of("transform"), List.of("otlp", "debug"));
  }

  private static ConfigDiff diff(String before, String after) throws Exception {
    return diff(before, after, Map.of(), Map.of());
  }

  private static ConfigDiff diff(String before, String after, Map<String, String> envBefore,
      Map<String, String> envAfter) throws Exception {
    return ConfigDiff.between(ConfigFixture.parse(before, envBefore).graph(),
        ConfigFixture.parse(after, envAfter).graph());
  }

  @Test
  void theSameConfigIsUnchangedWhateverItsKeyOrder() throws Exception {
    String yaml = base().yaml();
    String reordered = yaml.replace("    endpoint: 127.0.0.1:4317\n    tls: {insecure: true}\n",
        "    tls: {insecure: true}\n    endpoint: 127.0.0.1:4317\n");
    assertThat(reordered).isNotEqualTo(yaml);
    ConfigDiff d = diff(yaml, reordered);
    assertThat(d.unchanged()).isTrue();
    assertThat(d.entries()).extracting(Object::toString).containsExactly(
        "kept receiver otlp", "kept processor transform", "kept exporter otlp", "kept exporter debug",
        "kept pipeline traces");
  }

  @Test
  void eachKindOfChangeIsNamed() throws Exception {
    String after = new TestConfig()
        .otlpReceiver()
        .processor("transform", """
            trace_statements:
              - set(span.attributes["x"], "2")
            """)
        .processor("batch", "")
        .otlpExporter("otlp", "127.0.0.1:4317", "headers: {x-tenant: b}\n")
        .pipeline("traces", List.of("otlp"), List.of("transform", "batch"), List.of("otlp"))
        .yaml();
    ConfigDiff d = diff(base().yaml(), after);
    assertThat(d.unchanged()).isFalse();
    assertThat(d.ids(ConfigDiff.Change.ADDED)).containsExactly("processor batch");
    assertThat(d.ids(ConfigDiff.Change.CHANGED)).containsExactly("processor transform", "exporter otlp",
        "pipeline traces");
    assertThat(d.ids(ConfigDiff.Change.REMOVED)).containsExactly("exporter debug");
    assertThat(d.ids(ConfigDiff.Change.KEPT)).containsExactly("receiver otlp");
    assertThat(d.summary()).isEqualTo("added [processor batch]; changed [processor transform, exporter otlp,"
        + " pipeline traces]; removed [exporter debug]; kept [receiver otlp]");
  }

  @Test
  void aValueFromTheEnvironmentIsComparedAsExpanded() throws Exception {
    String yaml = base().yaml().replace("x-tenant: a", "x-tenant: \"${env:TENANT}\"");
    assertThat(diff(yaml, yaml, Map.of("TENANT", "a"), Map.of("TENANT", "a")).unchanged()).isTrue();
    assertThat(diff(yaml, yaml, Map.of("TENANT", "a"), Map.of("TENANT", "b")).ids(ConfigDiff.Change.CHANGED))
        .containsExactly("exporter otlp");
  }
}
