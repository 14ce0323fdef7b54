package dev.relay.service;

import static dev.relay.testing.ConfigFixture.faults;
import static dev.relay.testing.ConfigFixture.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.admin.HealthCheckSettings;
import dev.relay.builtin.BuiltinComponents;
import dev.relay.component.ComponentId;
import dev.relay.config.ServerSettings;
import dev.relay.exporter.otlp.OtlpExporterConfig;
import org.junit.jupiter.api.Test;

/**
 * A Collector user's file: the Collector's other names for Relay's types, extensions ({@code health_check},
 * {@code pprof}, {@code zpages}, and the refused ones), out-of-scope types and connectors refused as such, one
 * fault per cause (no cascades), and warnings.
 */
class CollectorConfigTest {
  private static final String PIPELINE = """
      receivers:
        otlp:
          protocols:
            grpc:
      exporters:
        debug:
      service:
        pipelines:
          traces:
            receivers: [otlp]
            exporters: [debug]
      """;

  @Test
  void anUnknownOrOutOfScopeTypeIsOneFaultAndPipelinesNamingItAddNone() {
    assertThat(faults("""
        receivers:
          otlp:
            protocols:
              grpc:
        processors:
          frobnicate:
          tail_sampling:
            decision_wait: 10s
        exporters:
          debug:
          kafka/out:
        connectors:
          spanmetrics:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [frobnicate, tail_sampling]
              exporters: [debug, kafka/out, spanmetrics]
            metrics:
              receivers: [spanmetrics]
              exporters: [debug]
        """)).containsExactly(
        "relay.yaml:6: processors.frobnicate: unknown processor type 'frobnicate' (known: "
            + String.join(", ", BuiltinComponents.all().processorTypes()) + ")",
        "relay.yaml:7: processors.tail_sampling: 'tail_sampling' is not supported by Relay: Relay keeps no traces in"
            + " memory: sample in the SDK or with probabilistic_sampler",
        "relay.yaml:11: exporters.kafka/out: 'kafka' is not supported by Relay",
        "relay.yaml:13: connectors.spanmetrics: 'spanmetrics' is not supported by Relay: Relay has no connectors (a"
            + " receiver may feed several pipelines, and pipelines that list one exporter share it)");
  }

  @Test
  void outOfScopeTypesSayWhatToUseInstead() {
    assertThat(faults(PIPELINE.replace("  debug:\n", "  debug:\n  prometheus:\n  zipkin/old:\n")
        + "receivers_unused: 0\n")).containsExactly(
        "relay.yaml:7: exporters.prometheus: 'prometheus' is not supported by Relay: Relay's own meters are at"
            + " /metrics on the admin server; for pipeline metrics, use the otlp exporter: the backend accepts OTLP",
        "relay.yaml:8: exporters.zipkin/old: 'zipkin' is not supported by Relay: use the otlp exporter: the backend"
            + " accepts OTLP (Tempo, Jaeger and Zipkin-compatible stores take OTLP)",
        "relay.yaml:14: receivers_unused: unknown key 'receivers_unused' (known keys here: connectors, exporters,"
            + " extensions, processors, receivers, service)");
  }

  @Test
  void otlpGrpcIsTheOtlpExporter() throws Exception {
    var cfg = parse(PIPELINE.replace("  debug:\n", "  debug:\n  otlp_grpc/tempo:\n    endpoint: http://tempo:4317\n")
        .replace("exporters: [debug]", "exporters: [debug, otlp_grpc/tempo]"));
    var tempo = cfg.exporters().get(ComponentId.parse("otlp_grpc/tempo"));
    assertThat(tempo.factory().type()).isEqualTo("otlp");
    assertThat(((OtlpExporterConfig) tempo.config()).target()).isEqualTo("tempo:4317");
    assertThat(cfg.pipelines().values().iterator().next().exporters())
        .containsExactly(ComponentId.parse("debug"), ComponentId.parse("otlp_grpc/tempo"));
    assertThat(cfg.warnings()).isEmpty();
    // An exporter's other name only: there is no otlp_grpc receiver, in the Collector or here.
    assertThat(faults(PIPELINE.replace("  otlp:\n", "  otlp_grpc:\n").replace("[otlp]", "[otlp_grpc]")))
        .containsExactly("relay.yaml:2: receivers.otlp_grpc: unknown receiver type 'otlp_grpc' (known: "
            + String.join(", ", BuiltinComponents.all().receiverTypes()) + ")");
  }

  /** The alias is declared before the otlphttp exporter exists (another part of issue 15); either way it resolves. */
  @Test
  void otlpHttpIsTheOtlphttpExporterWhereThereIsOne() throws Exception {
    String yaml = PIPELINE.replace("  debug:\n", "  debug:\n  otlp_http:\n    endpoint: http://tempo:4318\n")
        .replace("exporters: [debug]", "exporters: [debug, otlp_http]");
    if (BuiltinComponents.all().exporter("otlphttp") == null) {
      assertThat(faults(yaml)).containsExactly("relay.yaml:7: exporters.otlp_http: 'otlp_http' is the Collector's"
          + " other name for 'otlphttp', which this relay does not have");
    } else {
      assertThat(parse(yaml).exporters().get(ComponentId.parse("otlp_http")).factory().type()).isEqualTo("otlphttp");
    }
  }

  @Test
  void extensionsAreReadAsTheCollectorReadsThem() {
    assertThat(faults("""
        extensions:
          health_check:
            endpoint: 127.0.0.1:13133
            path: /health/status
          pprof:
          pprof/2:
          zpages:
          oidc:
            issuer_url: x
          frob:
        receivers:
          otlp:
            protocols:
              grpc:
        exporters:
          debug:
        service:
          extensions: [health_check, pprof, oidc, frob, zpages, nope, pprof]
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [debug]
        """)).containsExactly(
        "relay.yaml:8: extensions.oidc: 'oidc' is not supported by Relay: Relay authenticates with bearertokenauth"
            + " or basicauth",
        "relay.yaml:10: extensions.frob: unknown extension type 'frob' (known: basicauth, bearertokenauth,"
            + " health_check, pprof, zpages)",
        "relay.yaml:18: service.extensions[5]: extension 'nope' is not defined under 'extensions'",
        "relay.yaml:18: service.extensions[6]: extension 'pprof' is listed twice");
  }

  @Test
  void healthCheckDefaultsToLocalhostAndTheAdminServersEndpoint() throws Exception {
    RelayConfig cfg = parse("extensions:\n  health_check:\n  pprof:\n  pprof/2:\n" + PIPELINE
        + "  extensions: [health_check, pprof, pprof/2]\n");
    assertThat(cfg.healthCheck()).isEqualTo(new HealthCheckSettings(new ServerSettings("localhost", 13133), "/"));
    assertThat(cfg.admin().server()).isEqualTo(cfg.healthCheck().server());
    assertThat(cfg.warnings()).containsExactly("relay.yaml:3: extensions.pprof: pprof is accepted but not served:"
        + " Relay runs on the JVM; profile it with JFR (jcmd <pid> JFR.start) and read its meters at /metrics on the"
        + " admin server");
  }

  @Test
  void anExtensionThatIsNotListedDoesNotRunAndAnEmptyListIsValid() throws Exception {
    assertThat(parse("extensions:\n  health_check:\n" + PIPELINE).healthCheck()).isNull();
    assertThat(parse(PIPELINE + "  extensions: []\n").healthCheck()).isNull();
    assertThat(parse(PIPELINE + "  extensions:\n").healthCheck()).isNull();
  }

  @Test
  void healthCheckOnTheAdminPortOfAnotherHost() throws Exception {
    String yaml = "extensions:\n  health_check:\n    endpoint: 0.0.0.0:13133\n    path: /health\n" + PIPELINE
        + "  extensions: [health_check]\n";
    RelayConfig moved = parse(yaml);
    // The data endpoints stay on loopback: the admin server keeps its host and takes the next port.
    assertThat(moved.admin().server()).isEqualTo(new ServerSettings("localhost", 13134));
    assertThat(moved.healthCheck()).isEqualTo(new HealthCheckSettings(new ServerSettings("0.0.0.0", 13133),
        "/health"));
    assertThat(moved.warnings()).containsExactly("relay.yaml:11: service: health_check takes 0.0.0.0:13133, so the"
        + " admin server (/healthz, /readyz, /metrics, /tap, /activity/stream, /monitor) listens on localhost:13134;"
        + " set service.admin.endpoint to choose");

    assertThat(faults(yaml.replace("service:\n", "service:\n  admin:\n    endpoint: localhost:13133\n")))
        .containsExactly("relay.yaml:13: service.admin.endpoint: health_check's endpoint 0.0.0.0:13133 and"
            + " service.admin.endpoint localhost:13133 share a port on different hosts: give them the same endpoint,"
            + " or different ports");
    RelayConfig apart = parse(yaml.replace("0.0.0.0:13133", "0.0.0.0:13134"));
    assertThat(apart.admin().server()).isEqualTo(new ServerSettings("localhost", 13133));
    assertThat(apart.healthCheck().server()).isEqualTo(new ServerSettings("0.0.0.0", 13134));
    assertThat(apart.warnings()).isEmpty();
  }

  @Test
  void healthCheckFaults() {
    assertThat(faults("extensions:\n  health_check:\n    endpoint: nowhere\n    path: health\n    tls: {}\n"
        + PIPELINE + "  extensions: [health_check]\n")).containsExactly(
        "relay.yaml:3: extensions.health_check.endpoint: 'nowhere' is not a host:port endpoint (e.g. localhost:13133)",
        "relay.yaml:4: extensions.health_check.path: 'health' must start with /",
        "relay.yaml:5: extensions.health_check.tls: unknown key 'tls' (known keys here: endpoint, path)");
  }
}
