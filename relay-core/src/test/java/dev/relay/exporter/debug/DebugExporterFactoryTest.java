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
        "relay.yaml:9: exporters.debug/detailed.verbose: unknown key 'verbose' (known keys here: sampling_initial,"
            + " sampling_thereafter, verbosity)");
    assertThat(faults(YAML.replace("verbosity: detailed", "sampling_initial: -1\n    sampling_thereafter: x")))
        .containsExactly(
            "relay.yaml:8: exporters.debug/detailed.sampling_initial: must be between 0 and 1000000, found -1",
            "relay.yaml:9: exporters.debug/detailed.sampling_thereafter: expected a whole number, found 'x'");
  }

  @Test
  void samplingIsTheCollectorsTwoThenEveryOneUnlessSet() throws Exception {
    DebugExporterConfig basic = exporter(parse(YAML), "debug");
    assertThat(basic.samplingInitial()).isEqualTo(2);
    assertThat(basic.samplingThereafter()).isEqualTo(1);
    DebugExporterConfig sampled = exporter(parse(YAML.replace("verbosity: detailed",
        "verbosity: detailed\n    sampling_initial: 5\n    sampling_thereafter: 200")), "debug/detailed");
    assertThat(sampled).isEqualTo(new DebugExporterConfig(DebugExporterConfig.Verbosity.DETAILED, 5, 200));
  }

  private static final String LOGGING = """
      receivers:
        otlp:
          protocols:
            grpc:
      exporters:
        logging:
        logging/debug:
          loglevel: debug
        logging/warn:
          loglevel: warn
          sampling_thereafter: 10
        logging/verbose:
          verbosity: detailed
      service:
        pipelines:
          traces:
            receivers: [otlp]
            exporters: [logging, logging/debug, logging/warn, logging/verbose]
      """;

  /** The Collector's former name, with its defaults and its loglevel mapped to verbosity, and a warning per use. */
  @Test
  void loggingIsTheDebugExporterWithTheLoggingExportersDefaultsAndAWarning() throws Exception {
    var cfg = parse(LOGGING);
    assertThat((DebugExporterConfig) exporter(cfg, "logging"))
        .isEqualTo(new DebugExporterConfig(DebugExporterConfig.Verbosity.NORMAL, 2, 500));
    assertThat((DebugExporterConfig) exporter(cfg, "logging/debug"))
        .isEqualTo(new DebugExporterConfig(DebugExporterConfig.Verbosity.DETAILED, 2, 500));
    assertThat((DebugExporterConfig) exporter(cfg, "logging/warn"))
        .isEqualTo(new DebugExporterConfig(DebugExporterConfig.Verbosity.BASIC, 2, 10));
    assertThat((DebugExporterConfig) exporter(cfg, "logging/verbose"))
        .isEqualTo(new DebugExporterConfig(DebugExporterConfig.Verbosity.DETAILED, 2, 500));
    String warning = ": the 'logging' exporter is deprecated (the Collector removed it in v0.111.0): use 'debug',"
        + " with verbosity instead of loglevel";
    assertThat(cfg.warnings()).containsExactly("relay.yaml:6: exporters.logging" + warning,
        "relay.yaml:7: exporters.logging/debug" + warning, "relay.yaml:9: exporters.logging/warn" + warning,
        "relay.yaml:12: exporters.logging/verbose" + warning);
  }

  @Test
  void loggingFaults() {
    assertThat(faults(LOGGING.replace("loglevel: warn", "loglevel: trace")
        .replace("verbosity: detailed", "verbosity: detailed\n    loglevel: info"))).containsExactly(
        "relay.yaml:10: exporters.logging/warn.loglevel: 'trace' is not one of debug, info, warn, error",
        "relay.yaml:14: exporters.logging/verbose.loglevel: loglevel and verbosity cannot both be set: use verbosity"
            + " only");
  }

  /** Collector versions that had the logging exporter matched keys without regard to case: files write logLevel. */
  @Test
  void loglevelIsReadInAnyCase() throws Exception {
    var cfg = parse(LOGGING.replace("loglevel: debug", "logLevel: DEBUG").replace("loglevel: warn", "LOGLEVEL: warn"));
    assertThat((DebugExporterConfig) exporter(cfg, "logging/debug"))
        .isEqualTo(new DebugExporterConfig(DebugExporterConfig.Verbosity.DETAILED, 2, 500));
    assertThat((DebugExporterConfig) exporter(cfg, "logging/warn"))
        .isEqualTo(new DebugExporterConfig(DebugExporterConfig.Verbosity.BASIC, 2, 10));
    assertThat(faults(LOGGING.replace("loglevel: debug", "logLevel: trace"))).containsExactly(
        "relay.yaml:8: exporters.logging/debug.logLevel: 'trace' is not one of debug, info, warn, error");
  }
}
