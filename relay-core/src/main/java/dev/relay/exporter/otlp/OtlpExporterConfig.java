package dev.relay.exporter.otlp;

import dev.relay.config.TlsSettings;
import dev.relay.exporter.HelperConfig.BatchSettings;
import dev.relay.exporter.HelperConfig.QueueSettings;
import dev.relay.exporter.RetryPolicy;
import java.time.Duration;
import java.util.Map;

/** Settings of one {@code otlp} exporter. */
public record OtlpExporterConfig(
    String target,
    TlsSettings tls,
    Map<String, String> headers,
    boolean gzip,
    Duration timeout,
    RetryPolicy retry,
    QueueSettings queue,
    BatchSettings batch) {
  public OtlpExporterConfig {
    headers = Map.copyOf(headers);
  }

  /** Plaintext gRPC, without TLS. */
  public boolean insecure() {
    return tls.insecure();
  }
}
