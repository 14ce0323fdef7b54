package dev.relay.compat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Collector configs of the compatibility suite, stored unchanged under {@code src/test/resources/compat} with
 * their source on the first line: those that validate as they are, with the warnings each gives, and how each that
 * carries traces is started; and those that need components out of Relay's scope, with the exact faults.
 */
final class CompatConfigs {
  static final Path DIR = Path.of("src/test/resources/compat");

  static final String LOGGING_DEPRECATED = "exporters.logging: the 'logging' exporter is deprecated (the Collector"
      + " removed it in v0.111.0): use 'debug', with verbosity instead of loglevel";
  static final String PPROF = "extensions.pprof: pprof is accepted but not served: Relay runs on the JVM; profile it"
      + " with JFR (jcmd <pid> JFR.start) and read its meters at /metrics on the admin server";
  static final String ZPAGES = "extensions.zpages: zpages is accepted but not served: the admin server has /metrics"
      + " (meters), /readyz (each component's state) and /tap (live data through a pipeline)";
  private static final String PROMETHEUS_EXPORTER = "exporters.prometheus: 'prometheus' is not supported by Relay:"
      + " Relay's own meters are at /metrics on the admin server; for pipeline metrics, use the otlp exporter: the"
      + " backend accepts OTLP";
  private static final String JAEGER_RECEIVER = "receivers.jaeger: 'jaeger' is not supported by Relay: Relay takes"
      + " OTLP only, over gRPC and HTTP: send it from the OpenTelemetry SDK";

  /**
   * How a config that validates is run: its warnings ({@code line: key.path: message}); the OTLP receiver's
   * protocols it enables (each moved to a free loopback port with {@code --set}); and, when it carries traces, the
   * exporter of its traces pipeline that goes to a backend (its endpoint set to the Tempo stand-in), or null when its
   * traces only go to {@code debug}/{@code logging}: then an {@code otlp/compat} exporter to the stand-in is added with
   * {@code --set}, and {@code tracesExporters} is the pipeline's list as the file has it.
   */
  record Case(String name, List<String> warnings, List<String> protocols, boolean traces, String backend,
      List<String> tracesExporters, Map<String, String> backendHeaders) {
    Path file() {
      return DIR.resolve(name + ".yaml");
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final List<String> GRPC = List.of("grpc");
  private static final List<String> HTTP = List.of("http");
  private static final List<String> BOTH = List.of("grpc", "http");

  static final List<Case> VALIDATING = List.of(
      new Case("tempo-otel-collector", List.of(), GRPC, true, "otlp", List.of("otlp"), Map.of()),
      new Case("tempo-multitenant", List.of(), GRPC, true, "otlp", List.of("otlp"),
          Map.of("x-scope-orgid", "tenant-2")),
      new Case("collector-examples-local", List.of("19: " + LOGGING_DEPRECATED, "4: " + PPROF, "6: " + ZPAGES), BOTH,
          true, null, List.of("logging"), Map.of()),
      new Case("collector-examples-demo", List.of("8: " + LOGGING_DEPRECATED, "15: " + PPROF, "17: " + ZPAGES), GRPC,
          true, null, List.of("logging"), Map.of()),
      new Case("java-examples-javaagent", List.of("8: " + LOGGING_DEPRECATED), HTTP, true, null, List.of("logging"),
          Map.of()),
      new Case("java-examples-agent", List.of("7: " + LOGGING_DEPRECATED), GRPC, true, null, List.of("logging"),
          Map.of()),
      new Case("java-examples-spring-native", List.of("7: " + LOGGING_DEPRECATED), GRPC, true, null,
          List.of("logging"), Map.of()),
      new Case("java-examples-javaagent-log-appender", List.of(), BOTH, true, null, List.of("debug"), Map.of()),
      new Case("java-examples-log-appender", List.of("7: " + LOGGING_DEPRECATED), GRPC, false, null, List.of(),
          Map.of()),
      new Case("rust-basic-otlp", List.of(), BOTH, true, null, List.of("debug"), Map.of()),
      new Case("rust-self-diagnostics", List.of(), BOTH, true, null, List.of("debug"), Map.of()),
      new Case("cpp-otlp-log-exporter", List.of("3: " + LOGGING_DEPRECATED), BOTH, true, null, List.of("logging"),
          Map.of()),
      new Case("python-logs", List.of("8: " + LOGGING_DEPRECATED), GRPC, false, null, List.of(), Map.of()),
      new Case("python-sqlcommenter", List.of(), GRPC, true, null, List.of("debug"), Map.of()),
      new Case("python-metrics-instruments", List.of(), GRPC, false, null, List.of(), Map.of()),
      new Case("dotnet-console-otlp", List.of("8: " + LOGGING_DEPRECATED), GRPC, true, null, List.of("logging"),
          Map.of()),
      new Case("dotnet-otlp-collector-example", List.of("14: " + LOGGING_DEPRECATED), GRPC, true, null,
          List.of("logging"), Map.of()),
      // A traces pipeline from the nop receiver: nothing can be sent to it.
      new Case("lambda-info-level", List.of(), List.of(), false, null, List.of(), Map.of()));

  private static final String SCRAPER = " is not supported by Relay: Relay collects nothing itself: it relays what"
      + " apps send over OTLP";
  private static final String ZIPKIN_EXPORTER = "exporters.zipkin: 'zipkin' is not supported by Relay: use the otlp"
      + " exporter: the backend accepts OTLP (Tempo, Jaeger and Zipkin-compatible stores take OTLP)";

  /** The environment a config is loaded with, as its deployment sets it (the demo's {@code .env}); none by default. */
  static final Map<String, Map<String, String>> ENV = Map.of("otel-demo", Map.of(
      "OTEL_COLLECTOR_HOST", "otel-collector", "OTEL_COLLECTOR_PORT_GRPC", "4317",
      "OTEL_COLLECTOR_PORT_HTTP", "4318", "POSTGRES_HOST", "postgresql", "POSTGRES_PORT", "5432",
      "POSTGRES_PASSWORD", "otel", "FRONTEND_PROXY_ADDR", "frontend-proxy:8080",
      "IMAGE_PROVIDER_HOST", "image-provider", "IMAGE_PROVIDER_PORT", "8081"),
      "heroku", Map.of("OTLP_ENDPOINT", "ingest.example.com:4317"));

  /** The configs whose only pipeline is logs, with its exporters as the file lists them: a log record goes through. */
  static final Map<String, List<String>> LOGS_ONLY = Map.of(
      "java-examples-log-appender", List.of("logging"), "python-logs", List.of("logging"));

  /** Configs that need receivers, exporters or connectors Relay leaves out, with every fault ({@code line: ...}). */
  static final Map<String, List<String>> NEEDS_UNSUPPORTED = Map.ofEntries(
      // Scrapers, a docker detector and connectors: none is in Relay.
      Map.entry("otel-demo", List.of(
          "16: receivers.httpcheck/frontend-proxy: 'httpcheck'" + SCRAPER,
          "19: receivers.nginx: 'nginx'" + SCRAPER,
          "22: receivers.docker_stats: 'docker_stats'" + SCRAPER,
          "26: receivers.postgresql: 'postgresql'" + SCRAPER,
          "49: receivers.redis: 'redis'" + SCRAPER,
          "54: receivers.hostmetrics: 'hostmetrics'" + SCRAPER,
          "155: processors.resourcedetection.detectors[1]: detector 'docker' is not supported by Relay (supported:"
              + " env, system)",
          "137: exporters.opensearch: 'opensearch' is not supported by Relay",
          "179: connectors.spanmetrics: 'spanmetrics' is not supported by Relay: Relay has no connectors (a receiver"
              + " may feed several pipelines, and pipelines that list one exporter share it)")),
      Map.entry("heroku", List.of("15: receivers.prometheus/internal: 'prometheus'" + SCRAPER
              + "; scrape with Prometheus itself",
          "26: receivers.zipkin: 'zipkin' is not supported by Relay: Relay takes OTLP only, over gRPC and HTTP: send it"
              + " from the OpenTelemetry SDK",
          "36: processors.resourcedetection.detectors[0]: detector 'heroku' is not supported by Relay (supported:"
              + " env, system)")),
      Map.entry("go-otel-collector", List.of("18: " + PROMETHEUS_EXPORTER)),
      Map.entry("ruby-otel-collector", List.of("12: " + ZIPKIN_EXPORTER)),
      Map.entry("swift-otlp-exporter", List.of("13: " + ZIPKIN_EXPORTER, "17: " + PROMETHEUS_EXPORTER)),
      Map.entry("releases-otelcol", List.of("19: " + JAEGER_RECEIVER,
          "30: receivers.zipkin: 'zipkin' is not supported by Relay: Relay takes OTLP only, over gRPC and HTTP: send it"
              + " from the OpenTelemetry SDK")),
      // The Collector refuses this memory_limiter too ('check_interval' must be greater than zero).
      Map.entry("releases-otelcol-k8s", List.of("17: receivers.prometheus: 'prometheus' is not supported by Relay:"
              + " Relay collects nothing itself: it relays what apps send over OTLP; scrape with Prometheus itself",
          "26: processors.memory_limiter: one of 'limit_mib' or 'limit_percentage' is required")),
      Map.entry("tempo-otel-collector-multitenant-jaeger", List.of("3: " + JAEGER_RECEIVER)),
      Map.entry("jaeger-monitor-spanmetrics", List.of("3: " + JAEGER_RECEIVER, "14: " + PROMETHEUS_EXPORTER,
          "17: exporters.jaeger: 'jaeger' is not supported by Relay: use the otlp exporter: the backend accepts OTLP"
              + " (Jaeger takes OTLP)",
          "23: connectors.spanmetrics: 'spanmetrics' is not supported by Relay: Relay has no connectors (a receiver"
              + " may feed several pipelines, and pipelines that list one exporter share it)")),
      Map.entry("js-exemplars-demo", List.of("14: " + PROMETHEUS_EXPORTER)),
      Map.entry("dotnet-aspnetcore", List.of("13: " + PROMETHEUS_EXPORTER)),
      // Relay wants a URL where the Collector fails only when it sends: see exporter-otlphttp.md.
      Map.entry("dotnet-fsharp", List.of("13: " + PROMETHEUS_EXPORTER,
          "19: exporters.otlphttp/logs.endpoint: 'loki:3100/otlp' is not an http:// or https:// URL with a host (e.g."
              + " https://otlp.example:4318)",
          "23: exporters.otlphttp/traces.endpoint: 'tempo:4317' is not an http:// or https:// URL with a host (e.g."
              + " https://otlp.example:4318)")),
      Map.entry("java-examples-reference-application", List.of("21: " + PROMETHEUS_EXPORTER)),
      Map.entry("rust-integration-test-file", List.of("11: exporters.file: 'file' is not supported by Relay: use debug"
          + " to see what passes")),
      Map.entry("lgtm-otelcol", List.of("12: exporters.prometheusremotewrite: 'prometheusremotewrite' is not"
              + " supported by Relay: use the otlp exporter: the backend accepts OTLP (Prometheus and Mimir take OTLP)",
          "17: exporters.loki: 'loki' is not supported by Relay: use the otlp exporter: the backend accepts OTLP (Loki"
              + " takes OTLP)")));

  private CompatConfigs() {}
}
