package dev.relay.exporter.otlp;

import dev.relay.compression.Compression;
import dev.relay.config.Secret;
import dev.relay.config.TlsSettings;
import dev.relay.exporter.ExporterHelperSettings;
import java.util.Map;

/** Settings of one {@code otlp} exporter. Header values are secrets, as in the Collector (configopaque). */
public record OtlpExporterConfig(
    String target,
    TlsSettings tls,
    Map<String, Secret> headers,
    Compression compression,
    ExporterHelperSettings helper) {
  public OtlpExporterConfig {
    headers = Map.copyOf(headers);
  }

  /** Plaintext gRPC, without TLS. */
  public boolean insecure() {
    return tls.insecure();
  }
}
