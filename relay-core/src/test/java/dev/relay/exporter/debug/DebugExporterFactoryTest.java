package dev.relay.exporter.debug;

import static dev.relay.testing.ConfigFixture.exporter;
import static dev.relay.testing.ConfigFixture.faults;
import static dev.relay.testing.ConfigFixture.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The {@code debug} exporter's settings. */
class DebugExporterFactoryTest {
  private static final String YAML = """
      receivers:
        otlp:
          protocols:
            grpc:
      exporters:
        debug:
        debug/detailed:
          verbosity: detailed
      service:
        pipelines:
          traces:
            receivers: [otlp]
            exporters: [debug, debug/detailed]
      """;

  @Test
  void verbosityIsBasicUnlessSet() throws Exception {
    var cfg = parse(YAML);
    DebugExporterConfig basic = exporter(cfg, "debug");
    DebugExporterConfig detailed = exporter(cfg, "debug/detailed");
    assertThat(basic).isEqualTo(new DebugExporterConfig(DebugExporterConfig.Verbosity.BASIC));
    assertThat(detailed).isEqualTo(new DebugExporterConfig(DebugExporterConfig.Verbosity.DETAILED));
  }

  @Test
  void faultsNameTheKey() {
    assertThat(faults(YAML.replace("verbosity: detailed", "verbosity: loud\n    verbose: true"))).containsExactly(
        "relay.yaml:8: exporters.debug/detailed.verbosity: 'loud' is not one of basic, normal, detailed",
        "relay.yaml:9: exporters.debug/detailed.verbose: unknown key 'verbose' (known keys here: verbosity)");
  }
}
