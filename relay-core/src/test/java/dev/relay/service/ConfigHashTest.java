package dev.relay.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.ConfigFixture;
import dev.relay.testing.TestConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hash {@code /readyz} shows: the config as written, key order aside, secrets by reference left out. */
class ConfigHashTest {
  private static String yaml(String header) {
    return new TestConfig()
        .otlpReceiver()
        .otlpExporter("otlp", "127.0.0.1:4317", "headers: {authorization: \"" + header + "\"}\n")
        .pipeline("traces", List.of("otlp"), List.of("otlp"))
        .yaml();
  }

  @Test
  void aSecretGivenByReferenceDoesNotEnterTheHash() throws Exception {
    String byReference = yaml("${env:TOKEN}");
    String a = ConfigFixture.parse(byReference, Map.of("TOKEN", "Bearer one")).hash();
    String b = ConfigFixture.parse(byReference, Map.of("TOKEN", "Bearer two")).hash();
    assertThat(a).hasSize(12).matches("[0-9a-f]+").isEqualTo(b);
    assertThat(ConfigFixture.parse(yaml("Bearer one")).hash()).isNotEqualTo(ConfigFixture.parse(yaml("Bearer two"))
        .hash());
  }

  @Test
  void keyOrderDoesNotChangeTheHash() throws Exception {
    String yaml = yaml("x");
    String reordered = yaml.replace("    endpoint: 127.0.0.1:4317\n    tls: {insecure: true}\n",
        "    tls: {insecure: true}\n    endpoint: 127.0.0.1:4317\n");
    assertThat(reordered).isNotEqualTo(yaml);
    assertThat(ConfigFixture.parse(reordered).hash()).isEqualTo(ConfigFixture.parse(yaml).hash());
  }
}
