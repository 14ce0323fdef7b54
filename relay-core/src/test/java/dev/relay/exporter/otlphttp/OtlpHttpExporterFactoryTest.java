package dev.relay.exporter.otlphttp;

import dev.relay.compression.Compression;

import static dev.relay.testing.ConfigFixture.exporter;
import static dev.relay.testing.ConfigFixture.faults;
import static dev.relay.testing.ConfigFixture.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.config.Secret;
import dev.relay.config.TlsSettings;
import dev.relay.config.TlsVersion;
import dev.relay.exporter.ExporterHelperSettings;
import dev.relay.exporter.QueuedExporterSettings;
import dev.relay.exporter.RetryPolicy;
import dev.relay.otlp.Signal;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code otlphttp} exporter's settings: URLs per signal, headers, compression, encoding, the shared helper. */
class OtlpHttpExporterFactoryTest {
  private static String config(String exporters) {
    return """
        receivers:
          otlp:
            protocols:
              grpc:
        exporters:
        %s
        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [otlphttp]
        """.formatted(exporters.indent(2).stripTrailing());
  }

  @Test
  void defaultsAreTheCollectors() throws Exception {
    OtlpHttpExporterConfig c = exporter(parse(config("""
        otlphttp:
          endpoint: https://otlp.example:4318
        """)), "otlphttp");
    assertThat(c.urls()).isEqualTo(Map.of(
        Signal.TRACES, URI.create("https://otlp.example:4318/v1/traces"),
        Signal.LOGS, URI.create("https://otlp.example:4318/v1/logs"),
        Signal.METRICS, URI.create("https://otlp.example:4318/v1/metrics")));
    assertThat(c.compression()).isEqualTo(Compression.GZIP);
    assertThat(c.headers()).isEmpty();
    assertThat(c.tls()).isEqualTo(TlsSettings.client(false));
    assertThat(c.helper()).isEqualTo(new ExporterHelperSettings(Duration.ofSeconds(30), RetryPolicy.DEFAULT,
        new ExporterHelperSettings.QueueSettings(true, QueuedExporterSettings.Sizer.REQUESTS, 1000, 10, false, null),
        ExporterHelperSettings.BatchSettings.NONE));
  }

  @Test
  void everyKeyIsRead() throws Exception {
    var cfg = parse(config("""
        otlphttp:
          endpoint: http://collector:4318/otlp/
          logs_endpoint: http://loki:3100/otlp/v1/logs
          tls:
            insecure: true
            insecure_skip_verify: true
            min_version: "1.3"
          headers:
            X-Scope-OrgID: tenant-a
            Authorization: Bearer abc
          compression: none
          encoding: proto
          timeout: 10s
          retry_on_failure:
            enabled: false
          sending_queue:
            queue_size: 50
            num_consumers: 2
          batch:
            flush_timeout: 1s
            max_size: 500
        otlphttp/metrics:
          metrics_endpoint: https://mimir/otlp/v1/metrics
          compression: ""
          encoding: json
        """));
    OtlpHttpExporterConfig c = exporter(cfg, "otlphttp");
    assertThat(c.urls()).isEqualTo(Map.of(
        Signal.TRACES, URI.create("http://collector:4318/otlp/v1/traces"),
        Signal.LOGS, URI.create("http://loki:3100/otlp/v1/logs"),
        Signal.METRICS, URI.create("http://collector:4318/otlp/v1/metrics")));
    assertThat(c.tls().insecureSkipVerify()).isTrue();
    assertThat(c.tls().minVersion()).isEqualTo(TlsVersion.TLS_1_3);
    assertThat(c.headers()).isEqualTo(Map.of("X-Scope-OrgID", Secret.of("tenant-a"), "Authorization", Secret.of("Bearer abc")));
    assertThat(c.toString()).doesNotContain("Bearer abc").contains("Authorization=[REDACTED]");
    assertThat(c.compression()).isEqualTo(Compression.NONE);
    assertThat(c.helper().timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.helper().retry().enabled()).isFalse();
    assertThat(c.helper().queue().queueSize()).isEqualTo(50);
    assertThat(c.helper().queue().numConsumers()).isEqualTo(2);
    assertThat(c.helper().batch()).isEqualTo(new ExporterHelperSettings.BatchSettings(Duration.ofSeconds(1), 500, 500));
    OtlpHttpExporterConfig m = exporter(cfg, "otlphttp/metrics");
    assertThat(m.urls()).isEqualTo(Map.of(Signal.METRICS, URI.create("https://mimir/otlp/v1/metrics")));
    assertThat(m.url(Signal.TRACES)).isNull();
    assertThat(m.compression()).isEqualTo(Compression.NONE);
    assertThat(m.json()).isTrue();
    assertThat(c.json()).isFalse();
  }

  @Test
  void faultsNameTheKey() {
    assertThat(faults(config("""
        otlphttp:
          endpoint: collector:4318
          traces_endpoint: ftp://collector/v1/traces
          headers:
            Content-Type: application/json
            "bad name": x
            X-Ok: "caf\u00e9"
          compression: snappy
          encoding: xml
          read_buffer_size: 1024
        otlphttp/none:
          timeout: 5s
        """))).containsExactly(
        "relay.yaml:7: exporters.otlphttp.endpoint: 'collector:4318' is not an http:// or https:// URL with a host "
            + "(e.g. https://otlp.example:4318)",
        "relay.yaml:8: exporters.otlphttp.traces_endpoint: 'ftp://collector/v1/traces' is not an http:// or https://"
            + " URL with a host (e.g. https://otlp.example:4318)",
        "relay.yaml:10: exporters.otlphttp.headers.Content-Type: 'Content-Type' is set by the exporter or its HTTP "
            + "client and cannot be configured",
        "relay.yaml:11: exporters.otlphttp.headers.bad name: 'bad name' is not an HTTP header name",
        "relay.yaml:12: exporters.otlphttp.headers.X-Ok: header values must be printable ASCII",
        "relay.yaml:13: exporters.otlphttp.compression: 'snappy' is not supported by Relay: use gzip, zstd or none",
        "relay.yaml:14: exporters.otlphttp.encoding: 'xml' is not one of proto, json",
        "relay.yaml:15: exporters.otlphttp.read_buffer_size: unknown key 'read_buffer_size' (known keys here: auth, "
            + "compression, compression_params, encoding, endpoint, headers, logs_endpoint, metrics_endpoint, retry_on_failure, "
            + "sending_queue, timeout, tls, traces_endpoint)",
        "relay.yaml:16: exporters.otlphttp/none: 'endpoint' is required (or traces_endpoint, logs_endpoint, "
            + "metrics_endpoint)");
  }

  @Test
  void credentialsInTheUrlAreAFaultThatPrintsNeither() {
    String faults = String.join("\n", faults(config("""
        otlphttp:
          endpoint: https://tenant:s3cret@otlp.example:4318
          logs_endpoint: "ftp://user:pa55@otlp.example/v1/logs"
        """)));
    assertThat(faults).isEqualTo(
        "relay.yaml:7: exporters.otlphttp.endpoint: credentials in the URL are not supported: give them as a header"
            + " instead (headers: {Authorization: \"Basic ...\"}), which is never printed\n"
            + "relay.yaml:8: exporters.otlphttp.logs_endpoint: 'ftp://[REDACTED]@otlp.example/v1/logs' is not an http:// or"
            + " https:// URL with a host (e.g. https://otlp.example:4318)");
    assertThat(faults).doesNotContain("s3cret").doesNotContain("pa55");
  }
}
