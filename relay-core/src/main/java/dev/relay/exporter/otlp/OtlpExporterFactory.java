package dev.relay.exporter.otlp;

import dev.relay.component.ComponentId;
import dev.relay.component.ExporterFactory;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.Exporter;
import dev.relay.otlp.Signal;
import dev.relay.auth.AuthReference;
import dev.relay.compression.Compression;
import dev.relay.config.ConfigMap;
import dev.relay.config.HostPort;
import dev.relay.config.Secret;
import dev.relay.config.TlsSettings;
import dev.relay.config.UrlCredentials;
import dev.relay.exporter.ExporterHelperSettings;
import dev.relay.exporter.HelperConfig;
import dev.relay.exporter.QueuedExporter;
import dev.relay.exporter.QueuedExporterSettings;
import dev.relay.exporter.RetryPolicy;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.Map;

/** The {@code otlp} exporter type. */
public final class OtlpExporterFactory implements ExporterFactory<OtlpExporterConfig> {
  /** 5 s timeout, the default retry, 1000 requests in a memory queue with 10 consumers, no batch waiting. */
  static final ExporterHelperSettings HELPER_DEFAULTS = new ExporterHelperSettings(Duration.ofSeconds(5),
      RetryPolicy.DEFAULT,
      new ExporterHelperSettings.QueueSettings(true, QueuedExporterSettings.Sizer.REQUESTS, 1000, 10, false, null),
      ExporterHelperSettings.BatchSettings.NONE);
  /** Merged requests stay under Tempo's default 4 MiB gRPC receive limit. */
  static final int MAX_BATCH_BYTES = 4 * 1024 * 1024 - 64 * 1024;

  @Override
  public String type() {
    return "otlp";
  }

  @Override
  public OtlpExporterConfig parseConfig(ConfigMap cfg) {
    String endpoint = cfg.requiredString("endpoint");
    boolean schemeInsecure = false;
    String target = endpoint;
    if (endpoint != null) {
      if (endpoint.startsWith("http://")) {
        schemeInsecure = true;
        target = endpoint.substring("http://".length());
      } else if (endpoint.startsWith("https://")) {
        target = endpoint.substring("https://".length());
      }
      if (target.endsWith("/")) {
        target = target.substring(0, target.length() - 1);
      }
      HostPort hostPort = HostPort.parse(target);
      if (target.contains("@")) {
        cfg.problem("endpoint", "credentials in the endpoint are not supported: give them as a header instead"
            + " (headers: {authorization: \"Bearer ...\"}), which is never printed");
      } else if (hostPort == null || hostPort.host().isEmpty() || target.contains("/")) {
        cfg.problem("endpoint", "'" + UrlCredentials.mask(endpoint) + "' is not a host:port endpoint (e.g."
            + " tempo:4317)");
      }
    }
    TlsSettings tls = TlsSettings.parseClient(cfg.map("tls"), schemeInsecure);
    Map<String, Secret> headers = new LinkedHashMap<>();
    ConfigMap h = cfg.map("headers");
    for (String key : h.keys()) {
      Secret secret = h.secret(key);
      String value = secret == null ? "" : secret.reveal();
      String name = key.toLowerCase(java.util.Locale.ROOT);
      if (!name.matches("[a-z0-9_.\\-]+") || name.endsWith("-bin") || name.startsWith("grpc-")) {
        h.problem(key, "'" + key + "' is not a header name gRPC can send as text (letters, digits, _ . -; not "
            + "grpc-* or *-bin)");
      } else if (!value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
        h.problem(key, "header values must be printable ASCII");
      }
      headers.put(name, Secret.of(value));
    }
    Compression compression = Compression.read(cfg, Compression.Type.GZIP);
    ExporterHelperSettings helper = HelperConfig.read(cfg, HELPER_DEFAULTS);
    AuthReference auth = AuthReference.parse(cfg, false);
    cfg.rejectUnknown();
    return new OtlpExporterConfig(
        target, tls, headers, compression, helper, auth);
  }

  @Override
  public Set<Signal> signals() {
    return EnumSet.allOf(Signal.class);
  }

  @Override
  public Exporter createExporter(ComponentId id, OtlpExporterConfig config, TelemetrySettings telemetry) {
    var settings = QueuedExporterSettings.builder()
        .helper(config.helper())
        .whenFull(QueuedExporterSettings.WhenFull.REJECT)
        .maxBatchBytes(MAX_BATCH_BYTES)
        .signals(signals())
        .build();
    return new QueuedExporter(id, new OtlpGrpcSender(id, config, telemetry), settings, telemetry);
  }
}
