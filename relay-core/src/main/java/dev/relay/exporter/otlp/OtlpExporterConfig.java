package dev.relay.exporter.otlp;

import dev.relay.auth.AuthReference;
import dev.relay.config.TlsSettings;
import dev.relay.exporter.ExporterHelperSettings;
import java.util.Map;

/** Settings of one {@code otlp} exporter; {@code auth} names its client authenticator (null: none). */
public record OtlpExporterConfig(
    String target,
    TlsSettings tls,
    Map<String, String> headers,
    boolean gzip,
    ExporterHelperSettings helper,
    AuthReference auth) implements AuthReference.Holder {
  public OtlpExporterConfig {
    headers = Map.copyOf(headers);
  }

  /** Without an authenticator. */
  public OtlpExporterConfig(String target, TlsSettings tls, Map<String, String> headers, boolean gzip,
      ExporterHelperSettings helper) {
    this(target, tls, headers, gzip, helper, null);
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
