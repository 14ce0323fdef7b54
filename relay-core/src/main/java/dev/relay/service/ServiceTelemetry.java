package dev.relay.service;

import dev.relay.config.ConfigMap;
import dev.relay.config.ConfigNode;
import dev.relay.config.HostPort;
import dev.relay.config.ServerSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code service.telemetry}, as the Collector has it: how Relay logs ({@code logs}), its own metrics ({@code
 * metrics}), and the {@code resource} attributes that describe it. Relay serves its metrics only at the admin
 * server's {@code /metrics}: a {@code metrics.readers} pull exporter (or the older {@code metrics.address}) that names
 * another address, or a push ({@code periodic}) reader, is accepted with a warning that says so.
 */
public record ServiceTelemetry(Logs logs, String metricsLevel, Map<String, String> resource) {
  /** {@code logs}: the lowest {@code level} written, the {@code encoding}, and fields every line carries. */
  public record Logs(String level, String encoding, Map<String, String> initialFields) {
    public Logs {
      initialFields = Collections.unmodifiableMap(new LinkedHashMap<>(initialFields));
    }

    public boolean json() {
      return "json".equals(encoding);
    }
  }

  public static final String DEFAULT_LOG_LEVEL = "info";
  public static final String DEFAULT_ENCODING = "console";
  public static final String DEFAULT_METRICS_LEVEL = "normal";
  private static final String PROMETHEUS_DEFAULT_HOST = "localhost";
  private static final int PROMETHEUS_DEFAULT_PORT = 8888;

  public ServiceTelemetry {
    resource = Collections.unmodifiableMap(new LinkedHashMap<>(resource));
  }

  public static ServiceTelemetry defaults() {
    return new ServiceTelemetry(new Logs(DEFAULT_LOG_LEVEL, DEFAULT_ENCODING, Map.of()), DEFAULT_METRICS_LEVEL, Map.of());
  }

  /**
   * Reads {@code service.telemetry}; {@code admin} is the admin server (null: turned off), where the metrics are
   * served, so that a reader naming another address is warned about.
   */
  public static ServiceTelemetry parse(ConfigMap telemetry, ServerSettings admin) {
    ConfigMap logs = telemetry.map("logs");
    String level = logs.choice("level", DEFAULT_LOG_LEVEL, "debug", "info", "warn", "error");
    String encoding = logs.choice("encoding", DEFAULT_ENCODING, "console", "json");
    Map<String, String> fields = stringMap(logs.map("initial_fields"));
    if (!logs.list("processors").isEmpty()) {
      // The Collector can export its own logs over OTLP (the OpenTelemetry demo's file does); Relay writes them only.
      logs.warning("processors", "Relay does not export its own logs: it writes them to stderr, where a log"
          + " collector can read them (encoding: json gives one JSON object per line)");
    }
    logs.rejectUnknown();

    ConfigMap metrics = telemetry.map("metrics");
    String metricsLevel = metrics.choice("level", DEFAULT_METRICS_LEVEL, "none", "basic", "normal", "detailed");
    if (metricsLevel.equals("none")) {
      metrics.warning("level", "Relay always records its own metrics and serves them at the admin server's /metrics;"
          + " turn that off with service.admin.endpoint: none");
    }
    String address = metrics.string("address", null);
    if (address != null) {
      HostPort at = HostPort.parse(address);
      if (at == null) {
        metrics.problem("address", "'" + address + "' is not a host:port endpoint (e.g. 0.0.0.0:8888)");
      } else {
        warnUnlessAdmin(metrics, "address", at, admin);
      }
    }
    List<ConfigNode> readers = metrics.list("readers");
    for (ConfigNode reader : readers) {
      reader(reader.asMap(), admin);
    }
    metrics.rejectUnknown();

    Map<String, String> resource = stringMap(telemetry.map("resource"));
    telemetry.rejectUnknown();
    return new ServiceTelemetry(new Logs(level, encoding, fields), metricsLevel, resource);
  }

  /** Adds the resource attributes to every meter of {@code registry}, as common tags. Call before any meter exists. */
  public void applyTo(MeterRegistry registry) {
    List<Tag> tags = new ArrayList<>();
    resource.forEach((k, v) -> tags.add(Tag.of(k, v)));
    registry.config().commonTags(tags);
  }

  /** One of {@code metrics.readers}: a pull reader's Prometheus address, or a push reader Relay does not have. */
  private static void reader(ConfigMap reader, ServerSettings admin) {
    if (reader.has("periodic")) {
      reader.get("periodic");
      reader.warning("periodic", "Relay does not push its own metrics; scrape them from the admin server's /metrics"
          + adminUrl(admin));
    }
    if (!reader.has("pull")) {
      if (!reader.has("periodic")) {
        reader.problem(null, "a reader needs 'pull' or 'periodic'");
      }
      return;
    }
    ConfigMap pull = reader.map("pull");
    ConfigMap exporter = pull.map("exporter");
    if (!exporter.has("prometheus")) {
      pull.warning("exporter", "Relay serves its own metrics only as Prometheus text at the admin server's /metrics"
          + adminUrl(admin));
      return;
    }
    ConfigMap prometheus = exporter.map("prometheus");
    String host = prometheus.string("host", PROMETHEUS_DEFAULT_HOST);
    int port = (int) prometheus.integer("port", PROMETHEUS_DEFAULT_PORT, 0, 65535);
    warnUnlessAdmin(exporter, "prometheus", new HostPort(host, port), admin);
  }

  private static void warnUnlessAdmin(ConfigMap at, String key, HostPort asked, ServerSettings admin) {
    if (admin == null) {
      at.warning(key, "Relay serves its own metrics only at the admin server's /metrics, and service.admin.endpoint"
          + " is none: they are not served");
    } else if (asked.port() != admin.port() || !sameHost(asked.host(), admin.host())) {
      at.warning(key, "Relay serves its own metrics only at the admin server's /metrics" + adminUrl(admin)
          + ", not on " + asked.host() + ":" + asked.port() + "; set service.admin.endpoint to serve them there");
    }
  }

  private static String adminUrl(ServerSettings admin) {
    return admin == null ? " (turned off: service.admin.endpoint is none)"
        : " (http://" + admin.host() + ":" + admin.port() + "/metrics)";
  }

  private static boolean sameHost(String a, String b) {
    return canonicalHost(a).equals(canonicalHost(b));
  }

  private static String canonicalHost(String host) {
    return switch (host) {
      case "", "0.0.0.0", "::", "[::]" -> "*";
      case "localhost", "127.0.0.1", "::1", "[::1]" -> "localhost";
      default -> host;
    };
  }

  /** A map of the user's keys to single values; an empty value (key with nothing after it) is left out. */
  private static Map<String, String> stringMap(ConfigMap map) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : map.keys()) {
      ConfigNode n = map.get(key);
      if (n == null || n.isNull()) {
        continue;
      }
      String v = n.asString();
      if (v != null) {
        out.put(key, v);
      }
    }
    return out;
  }
}
