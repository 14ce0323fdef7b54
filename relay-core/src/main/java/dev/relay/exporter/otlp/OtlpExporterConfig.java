package dev.relay.exporter.otlp;

import dev.relay.auth.AuthReference;
import dev.relay.compression.Compression;
import dev.relay.config.Secret;
import dev.relay.config.TlsSettings;
import dev.relay.exporter.ExporterHelperSettings;
import java.util.Map;

/**
 * Settings of one {@code otlp} exporter. Header values are secrets, as in the Collector (configopaque);
 * {@code auth} names its client authenticator (null: none).
 */
public record OtlpExporterConfig(
    String target,
    TlsSettings tls,
    Map<String, Secret> headers,
    Compression compression,
    ExporterHelperSettings helper,
    AuthReference auth) implements AuthReference.Holder {
  public OtlpExporterConfig {
    headers = Map.copyOf(headers);
  }

  /** Without an authenticator. */
  public OtlpExporterConfig(String target, TlsSettings tls, Map<String, Secret> headers, Compression compression,
      ExporterHelperSettings helper) {
    this(target, tls, headers, compression, helper, null);
  }

  @Override
  public java.util.List<AuthReference> authReferences() {
    return auth == null ? java.util.List.of() : java.util.List.of(auth);
  }

  /** Plaintext gRPC, without TLS. */
  public boolean insecure() {
    return tls.insecure();
  }
}
