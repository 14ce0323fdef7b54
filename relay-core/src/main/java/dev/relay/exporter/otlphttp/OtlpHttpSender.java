package dev.relay.exporter.otlphttp;

import dev.relay.auth.ClientAuthenticator;
import dev.relay.config.Secret;
import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.exporter.BatchSender;
import dev.relay.exporter.ExportException;
import dev.relay.otlp.Batch;
import dev.relay.otlp.Signal;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts merged requests of one signal to its OTLP/HTTP URL with the JDK's HTTP client (HTTP/1.1, connections kept
 * alive and pooled). A protobuf body is the concatenation of the batches' bytes, as received when nothing changed
 * them; a JSON body is written from those bytes ({@link OtlpJsonEncoder}); either is gzipped when configured. The
 * answer is classified by {@link HttpFailures}.
 */
final class OtlpHttpSender implements BatchSender {
  private static final Logger LOG = LoggerFactory.getLogger(OtlpHttpSender.class);
  static final String PROTOBUF = "application/x-protobuf";
  static final String JSON = "application/json";
  /** How much of an answer's body is kept; the rest is read and discarded, so the connection can be reused. */
  static final int MAX_RESPONSE_BYTES = 64 * 1024;
  static final String USER_AGENT = "Relay OTLP/HTTP exporter";

  private final ComponentId id;
  private final OtlpHttpExporterConfig config;
  private final PartialSuccess partial;
  private final Clock clock;
  private volatile HttpClient client;

  /** Headers of the {@code auth} authenticator, asked for each request (a token file may change); null: none. */
  private final ClientAuthenticator auth;

  OtlpHttpSender(ComponentId id, OtlpHttpExporterConfig config, TelemetrySettings telemetry) {
    this(id, config, telemetry, Clock.systemUTC());
  }

  /** With the clock an HTTP-date {@code Retry-After} is measured against. */
  OtlpHttpSender(ComponentId id, OtlpHttpExporterConfig config, TelemetrySettings telemetry, Clock clock) {
    this.id = id;
    this.config = config;
    this.partial = new PartialSuccess(id, telemetry.meterRegistry());
    this.clock = clock;
    this.auth = config.auth() == null ? null : telemetry.authenticators().client(config.auth().authenticator());
  }

  @Override
  public void start() throws IOException {
    HttpClient.Builder b = HttpClient.newBuilder()
        // The Collector negotiates HTTP/2 over TLS; HTTP/1.1 everywhere keeps plaintext free of h2c upgrades.
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(config.helper().timeout());
    if (config.urls().values().stream().anyMatch(u -> "https".equalsIgnoreCase(u.getScheme()))) {
      SSLContext ssl = HttpClientTls.context(config.tls());
      b.sslContext(ssl).sslParameters(HttpClientTls.parameters(ssl, config.tls()));
      LOG.info("exporter {}: HTTP/1.1 over TLS (the Collector negotiates HTTP/2)", id);
    }
    client = b.build();
  }

  @Override
  public CompletableFuture<Void> send(List<Batch> batches, Duration timeout) {
    Signal signal = batches.get(0).signal();
    URI url = config.url(signal);
    if (url == null) {
      return CompletableFuture.failedFuture(ExportException.permanent("exporter " + id + " has no URL for "
          + signal.configName() + ": set endpoint or " + signal.configName() + "_endpoint", null));
    }
    HttpClient c = client;
    if (c == null) {
      return CompletableFuture.failedFuture(ExportException.retryable("exporter " + id + " is not started", null,
          null));
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .timeout(timeout)
        .header("Content-Type", config.json() ? JSON : PROTOBUF)
        .header("User-Agent", USER_AGENT);
    try {
      if (config.json()) {
        byte[] json = OtlpJsonEncoder.encode(batches);
        request.POST(HttpRequest.BodyPublishers.ofByteArray(
            config.compression().enabled() ? config.compression().compress(List.of(json)) : json));
      } else if (config.compression().enabled()) {
        request.POST(HttpRequest.BodyPublishers.ofByteArray(config.compression().compress(bytes(batches))));
      } else {
        request.POST(body(batches));
      }
    } catch (IllegalStateException e) {
      // Bytes that fail to encode as JSON will fail again: drop them, counted.
      return CompletableFuture.failedFuture(ExportException.permanent("cannot encode as OTLP JSON: "
          + e.getMessage(), e));
    }
    if (config.compression().enabled()) {
      request.header("Content-Encoding", config.compression().type().encoding());
    }
    for (Map.Entry<String, Secret> h : config.headers().entrySet()) {
      request.setHeader(h.getKey(), h.getValue().reveal());
    }
    if (auth != null) {
      auth.headers().forEach(request::setHeader); // the authenticator's, over a configured header of that name
    }
    return c.sendAsync(request.build(), BoundedBody.HANDLER)
        .handle((response, error) -> {
          if (error != null) {
            Throwable t = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            throw new CompletionException(HttpFailures.noAnswer(url, t, timeout));
          }
          String contentType = response.headers().firstValue("Content-Type").orElse(null);
          int status = response.statusCode();
          if (status >= 200 && status < 300) {
            partial.read(signal, contentType, response.body(), config.json());
            return null;
          }
          throw new CompletionException(HttpFailures.classify(url, status,
              response.headers().firstValue("Retry-After").orElse(null), contentType, response.body(),
              clock.instant()));
        });
  }

  /** The batches' bytes one after the other, without copying them into one array. */
  static HttpRequest.BodyPublisher body(List<Batch> batches) {
    if (batches.size() == 1) {
      return HttpRequest.BodyPublishers.ofByteArray(batches.get(0).bytes());
    }
    List<byte[]> parts = new ArrayList<>(batches.size());
    long length = 0;
    for (Batch b : batches) {
      parts.add(b.bytes());
      length += b.bytes().length;
    }
    return length == 0
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArrays(parts), length);
  }

  private static List<byte[]> bytes(List<Batch> batches) {
    List<byte[]> parts = new ArrayList<>(batches.size());
    for (Batch b : batches) {
      parts.add(b.bytes());
    }
    return parts;
  }

  @Override
  public void shutdown(Duration remaining) {
    // The JDK's client (Java 17) has no close: its connections and threads end once it is unreachable. A request
    // still in flight has been counted as not delivered by the retry loop already.
    client = null;
  }

  @Override
  public String state() {
    return client == null ? "stopped" : "running";
  }

  @Override
  public String describe() {
    StringBuilder sb = new StringBuilder("OTLP/HTTP to ");
    URI traces = config.url(Signal.TRACES);
    sb.append(traces != null ? traces : config.urls().values().stream().findFirst().map(URI::toString).orElse("?"));
    return sb.append(config.json() ? " (JSON" : " (protobuf").append(config.compression().enabled() ? ", " + config.compression() + ")" : ")").toString();
  }
}
