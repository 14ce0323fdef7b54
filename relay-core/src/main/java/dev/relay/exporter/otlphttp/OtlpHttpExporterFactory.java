package dev.relay.exporter.otlphttp;

import dev.relay.component.ComponentId;
import dev.relay.component.Exporter;
import dev.relay.component.ExporterFactory;
import dev.relay.component.TelemetrySettings;
import dev.relay.auth.AuthReference;
import dev.relay.compression.Compression;
import dev.relay.config.ConfigMap;
import dev.relay.config.Secret;
import dev.relay.config.TlsSettings;
import dev.relay.exporter.ExporterHelperSettings;
import dev.relay.exporter.HelperConfig;
import dev.relay.exporter.QueuedExporter;
import dev.relay.exporter.QueuedExporterSettings;
import dev.relay.exporter.RetryPolicy;
import dev.relay.otlp.Signal;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The {@code otlphttp} exporter type. */
public final class OtlpHttpExporterFactory implements ExporterFactory<OtlpHttpExporterConfig> {
  /** The Collector's defaults: 30 s timeout, the default retry, 1000 requests in a memory queue with 10 consumers. */
  static final ExporterHelperSettings HELPER_DEFAULTS = new ExporterHelperSettings(Duration.ofSeconds(30),
      RetryPolicy.DEFAULT,
      new ExporterHelperSettings.QueueSettings(true, QueuedExporterSettings.Sizer.REQUESTS, 1000, 10, false, null),
      ExporterHelperSettings.BatchSettings.NONE);
  /** Merged requests stay under the 4 MiB many OTLP/HTTP receivers accept by default. */
  static final int MAX_BATCH_BYTES = 4 * 1024 * 1024 - 64 * 1024;
  /** An HTTP header name (RFC 9110 token). */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  /** Headers the exporter sets itself, or the HTTP client owns. */
  private static final Set<String> RESERVED = Set.of("content-type", "content-encoding", "content-length", "host",
      "connection", "expect", "upgrade", "transfer-encoding");

  @Override
  public String type() {
    return "otlphttp";
  }

  @Override
  public OtlpHttpExporterConfig parseConfig(ConfigMap cfg) {
    var urls = SignalUrls.read(cfg);
    TlsSettings tls = TlsSettings.parseClient(cfg.map("tls"), false);
    Map<String, Secret> headers = headers(cfg.map("headers"));
    Compression compression = Compression.read(cfg, Compression.Type.GZIP);
    boolean json = cfg.choice("encoding", "proto", "proto", "json").equals("json");
    ExporterHelperSettings helper = HelperConfig.read(cfg, HELPER_DEFAULTS);
    AuthReference auth = AuthReference.parse(cfg, false);
    cfg.rejectUnknown();
    return new OtlpHttpExporterConfig(urls, tls, headers, compression, json, helper, auth);
  }

  private static Map<String, Secret> headers(ConfigMap h) {
    Map<String, Secret> headers = new LinkedHashMap<>();
    for (String key : h.keys()) {
      Secret secret = h.secret(key);
      String value = secret == null ? "" : secret.reveal();
      if (!TOKEN.matcher(key).matches()) {
        h.problem(key, "'" + key + "' is not an HTTP header name");
      } else if (RESERVED.contains(key.toLowerCase(Locale.ROOT))) {
        h.problem(key, "'" + key + "' is set by the exporter or its HTTP client and cannot be configured");
      } else if (!value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f))) {
        h.problem(key, "header values must be printable ASCII");
      } else {
        headers.put(key, Secret.of(value));
      }
    }
    return headers;
  }

  @Override
  public Set<Signal> signals() {
    return EnumSet.allOf(Signal.class);
  }

  @Override
  public Exporter createExporter(ComponentId id, OtlpHttpExporterConfig config, TelemetrySettings telemetry) {
    return new QueuedExporter(id, new OtlpHttpSender(id, config, telemetry), settings(config), telemetry);
  }

  /** What the queued exporter does with this config: refuse when full, merge up to {@link #MAX_BATCH_BYTES}. */
  static QueuedExporterSettings settings(OtlpHttpExporterConfig config) {
    return QueuedExporterSettings.builder()
        .helper(config.helper())
        .whenFull(QueuedExporterSettings.WhenFull.REJECT)
        .maxBatchBytes(MAX_BATCH_BYTES)
        .signals(EnumSet.allOf(Signal.class))
        .build();
  }
}
