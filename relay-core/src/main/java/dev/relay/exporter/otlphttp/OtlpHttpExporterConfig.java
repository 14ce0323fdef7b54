package dev.relay.exporter.otlphttp;

import dev.relay.auth.AuthReference;
import dev.relay.compression.Compression;
import dev.relay.config.Secret;
import dev.relay.config.TlsSettings;
import dev.relay.exporter.ExporterHelperSettings;
import dev.relay.otlp.Signal;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;

/**
 * Settings of one {@code otlphttp} exporter. {@code urls} holds the URL each signal is posted to; a signal without
 * one (no {@code endpoint}, and no {@code <signal>_endpoint}) cannot be sent. TLS is used for {@code https://} URLs.
 * {@code json}: bodies are OTLP JSON instead of protobuf. Header values are secrets, as in the Collector
 * (configopaque). {@code auth} names its client authenticator (null: none).
 */
public record OtlpHttpExporterConfig(
    Map<Signal, URI> urls,
    TlsSettings tls,
    Map<String, Secret> headers,
    Compression compression,
    boolean json,
    ExporterHelperSettings helper,
    AuthReference auth) implements AuthReference.Holder {
  public OtlpHttpExporterConfig {
    urls = urls.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(urls));
    headers = Map.copyOf(headers);
  }

  /** Without an authenticator. */
  public OtlpHttpExporterConfig(Map<Signal, URI> urls, TlsSettings tls, Map<String, Secret> headers,
      Compression compression, boolean json, ExporterHelperSettings helper) {
    this(urls, tls, headers, compression, json, helper, null);
  }

  @Override
  public java.util.List<AuthReference> authReferences() {
    return auth == null ? java.util.List.of() : java.util.List.of(auth);
  }

  /** The URL {@code signal} is posted to, or null. */
  public URI url(Signal signal) {
    return urls.get(signal);
  }
}
