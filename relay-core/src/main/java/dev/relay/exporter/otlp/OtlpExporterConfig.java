package dev.relay.exporter.otlp;

import dev.relay.exporter.HelperConfig.BatchSettings;
import dev.relay.exporter.HelperConfig.QueueSettings;
import dev.relay.exporter.RetryPolicy;
import java.time.Duration;
import java.util.Map;

/** Settings of one {@code otlp} exporter. */
public record OtlpExporterConfig(
    String target,
    boolean insecure,
    String caFile,
    String certFile,
    String keyFile,
    Map<String, String> headers,
    boolean gzip,
    Duration timeout,
    RetryPolicy retry,
    QueueSettings queue,
    BatchSettings batch) {
  public OtlpExporterConfig {
    headers = Map.copyOf(headers);
  }
}
