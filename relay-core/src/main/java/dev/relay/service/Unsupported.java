package dev.relay.service;

import java.util.Map;

/**
 * Collector component types that Relay deliberately does not have, so that a Collector user's config that names
 * one is told so ({@code 'kafka' is not supported by Relay}) and, where there is one, what to use instead, rather
 * than that the type is unknown. Every connector is out of scope; of the auth extensions, Relay has
 * {@code bearertokenauth} and {@code basicauth}.
 */
final class Unsupported {
  private Unsupported() {}

  private static final String OTLP_ONLY = "Relay takes OTLP only, over gRPC and HTTP: send it from the"
      + " OpenTelemetry SDK";
  private static final String NO_SCRAPING = "Relay collects nothing itself: it relays what apps send over OTLP";
  private static final String USE_OTLP = "use the otlp exporter: the backend accepts OTLP";
  private static final String AUTH = "Relay authenticates with bearertokenauth or basicauth";

  private static final Map<String, String> RECEIVERS = Map.ofEntries(
      Map.entry("prometheus", NO_SCRAPING + "; scrape with Prometheus itself"),
      Map.entry("jaeger", OTLP_ONLY),
      Map.entry("zipkin", OTLP_ONLY),
      Map.entry("opencensus", OTLP_ONLY),
      Map.entry("kafka", OTLP_ONLY),
      Map.entry("filelog", OTLP_ONLY + "'s log exporter"),
      Map.entry("syslog", OTLP_ONLY + "'s log exporter"),
      Map.entry("fluentforward", OTLP_ONLY + "'s log exporter"),
      Map.entry("journald", OTLP_ONLY + "'s log exporter"),
      Map.entry("hostmetrics", NO_SCRAPING),
      Map.entry("k8s_cluster", NO_SCRAPING),
      Map.entry("k8s_events", NO_SCRAPING),
      Map.entry("k8sobjects", NO_SCRAPING),
      Map.entry("kubeletstats", NO_SCRAPING),
      Map.entry("docker_stats", NO_SCRAPING),
      Map.entry("statsd", NO_SCRAPING),
      Map.entry("carbon", NO_SCRAPING),
      Map.entry("redis", NO_SCRAPING),
      // Scrapers of the OpenTelemetry demo's file and their like.
      Map.entry("httpcheck", NO_SCRAPING),
      Map.entry("nginx", NO_SCRAPING),
      Map.entry("postgresql", NO_SCRAPING),
      Map.entry("mysql", NO_SCRAPING),
      Map.entry("mongodb", NO_SCRAPING),
      Map.entry("rabbitmq", NO_SCRAPING),
      Map.entry("kafkametrics", NO_SCRAPING),
      Map.entry("jmx", NO_SCRAPING),
      Map.entry("sqlquery", NO_SCRAPING));

  private static final Map<String, String> PROCESSORS = Map.ofEntries(
      Map.entry("k8sattributes", "Relay does not read the Kubernetes API: set k8s.* resource attributes in the SDK"
          + " (OTEL_RESOURCE_ATTRIBUTES)"),
      Map.entry("tail_sampling", "Relay keeps no traces in memory: sample in the SDK or with probabilistic_sampler"),
      Map.entry("groupbytrace", "Relay keeps no traces in memory"),
      Map.entry("spanmetrics", "Relay derives no metrics from spans: Tempo's metrics-generator does"),
      Map.entry("servicegraph", "Relay derives no metrics from spans: Tempo's metrics-generator does"),
      Map.entry("routing", "route with one pipeline per destination, or with the redis exporter's routes"),
      Map.entry("cumulativetodelta", ""),
      Map.entry("deltatocumulative", ""),
      Map.entry("metricstransform", ""),
      Map.entry("groupbyattrs", ""),
      Map.entry("logdedup", ""),
      Map.entry("redaction", "use transform (replace_pattern, delete_key)"));

  private static final Map<String, String> EXPORTERS = Map.ofEntries(
      Map.entry("loadbalancing", "Relay sends to one endpoint per exporter: put Tempo's distributor or a load"
          + " balancer behind it"),
      Map.entry("kafka", ""),
      Map.entry("file", "use debug to see what passes"),
      Map.entry("prometheus", "Relay's own meters are at /metrics on the admin server; for pipeline metrics, "
          + USE_OTLP),
      Map.entry("prometheusremotewrite", USE_OTLP + " (Prometheus and Mimir take OTLP)"),
      Map.entry("zipkin", USE_OTLP + " (Tempo, Jaeger and Zipkin-compatible stores take OTLP)"),
      Map.entry("jaeger", USE_OTLP + " (Jaeger takes OTLP)"),
      Map.entry("loki", USE_OTLP + " (Loki takes OTLP)"),
      Map.entry("elasticsearch", ""),
      Map.entry("opensearch", ""),
      Map.entry("clickhouse", ""),
      Map.entry("datadog", ""),
      Map.entry("splunk_hec", ""),
      Map.entry("awsxray", ""),
      Map.entry("googlecloud", ""));

  private static final Map<String, String> EXTENSIONS = Map.ofEntries(
      Map.entry("oidc", ""),
      Map.entry("oauth2client", ""),
      Map.entry("sigv4auth", ""),
      Map.entry("file_storage", "give the exporter's sending_queue.storage the directory itself"),
      Map.entry("memory_ballast", "the JVM needs no ballast: size the heap with -Xmx"),
      Map.entry("headers_setter", ""),
      Map.entry("k8s_observer", ""),
      Map.entry("opamp", ""));

  private static final java.util.Set<String> AUTH_EXTENSIONS =
      java.util.Set.of("oidc", "oauth2client", "sigv4auth");

  /** Why {@code type} of {@code kind} (receiver, processor, exporter, connector, extension) is refused; null when it is not. */
  static String refusal(String kind, String type) {
    if (kind.equals("connector")) {
      return "'" + type + "' is not supported by Relay: Relay has no connectors (a receiver may feed several"
          + " pipelines, and pipelines that list one exporter share it)";
    }
    if (kind.equals("extension") && AUTH_EXTENSIONS.contains(type)) {
      return "'" + type + "' is not supported by Relay: " + AUTH;
    }
    Map<String, String> table = switch (kind) {
      case "receiver" -> RECEIVERS;
      case "processor" -> PROCESSORS;
      case "exporter" -> EXPORTERS;
      case "extension" -> EXTENSIONS;
      default -> Map.of();
    };
    String advice = table.get(type);
    if (advice == null) {
      return null;
    }
    return "'" + type + "' is not supported by Relay" + (advice.isEmpty() ? "" : ": " + advice);
  }
}
