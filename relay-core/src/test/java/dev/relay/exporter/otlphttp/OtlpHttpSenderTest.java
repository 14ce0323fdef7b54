package dev.relay.exporter.otlphttp;

import dev.relay.compression.Compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.config.Secret;
import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.config.TlsSettings;
import dev.relay.exporter.ExportException;
import dev.relay.exporter.ExporterHelperSettings;
import dev.relay.exporter.QueuedExporter;
import dev.relay.exporter.QueuedExporterSettings;
import dev.relay.exporter.RetryPolicy;
import dev.relay.otlp.Batch;
import dev.relay.otlp.LogsBatch;
import dev.relay.otlp.OtlpJson;
import dev.relay.otlp.Signal;
import dev.relay.otlp.TracesBatch;
import dev.relay.testing.Await;
import dev.relay.testing.FreePorts;
import dev.relay.testing.TestLogs;
import dev.relay.testing.TestTraces;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sender against an in-process OTLP/HTTP stand-in: bodies, headers, statuses, Retry-After, partial success. */
class OtlpHttpSenderTest {
  private static final ComponentId ID = ComponentId.parse("otlphttp/test");
  /** Backoff of exactly 10 ms (no jitter), so a longer wait can only be the peer's Retry-After. */
  private static final RetryPolicy RETRY =
      new RetryPolicy(true, Duration.ofMillis(10), Duration.ofMillis(10), 1.0, 0.0, Duration.ZERO);

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<Long> sleeps = new CopyOnWriteArrayList<>();
  private HttpStandIn standIn;

  @BeforeEach
  void start() throws Exception {
    standIn = new HttpStandIn();
  }

  @AfterEach
  void stop() {
    standIn.close();
  }

  private OtlpHttpExporterConfig config(boolean gzip, Map<String, String> headers) {
    return config(gzip, false, headers);
  }

  private OtlpHttpExporterConfig config(boolean gzip, boolean json, Map<String, String> headers) {
    Map<Signal, URI> urls = new EnumMap<>(Signal.class);
    for (Signal s : Signal.values()) {
      urls.put(s, URI.create(SignalUrls.append(standIn.url(), s)));
    }
    Map<String, Secret> secrets = new java.util.LinkedHashMap<>();
    headers.forEach((k, v) -> secrets.put(k, Secret.of(v)));
    return new OtlpHttpExporterConfig(urls, TlsSettings.client(false), secrets,
        gzip ? Compression.GZIP : Compression.NONE, json,
        new ExporterHelperSettings(Duration.ofSeconds(5), RETRY,
            new ExporterHelperSettings.QueueSettings(true, QueuedExporterSettings.Sizer.REQUESTS, 100, 1, false,
                null),
            ExporterHelperSettings.BatchSettings.NONE));
  }

  private OtlpHttpSender sender(OtlpHttpExporterConfig config) throws Exception {
    OtlpHttpSender sender = new OtlpHttpSender(ID, config, new TelemetrySettings(meters));
    sender.start();
    return sender;
  }

  private static TracesBatch traces(String... names) throws Exception {
    return TracesBatch.fromWire(TestTraces.request(names).toByteArray());
  }

  private static byte[] concatenation(List<Batch> batches) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Batch b : batches) {
      out.write(b.bytes());
    }
    return out.toByteArray();
  }

  private double counter(String name, String... tags) {
    var search = meters.find(name);
    if (tags.length > 0) {
      search = search.tags(tags);
    }
    return search.counters().stream().mapToDouble(c -> c.count()).sum();
  }

  @Test
  void theBodyIsTheBatchesBytesAsReceivedConcatenatedWithOrWithoutGzip() throws Exception {
    List<Batch> batches = List.of(traces("a"), traces("bb", "cc"), traces("ddd"));
    byte[] expected = concatenation(batches);
    for (boolean gzip : new boolean[] {false, true}) {
      OtlpHttpSender sender = sender(config(gzip, Map.of("X-Scope-OrgID", "tenant-a")));
      sender.send(batches, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
      sender.send(List.of(batches.get(1)), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
      sender.shutdown(Duration.ZERO);
    }
    var received = standIn.received();
    assertThat(received).hasSize(4);
    for (int i = 0; i < 4; i++) {
      var r = received.get(i);
      boolean gzip = i >= 2;
      assertThat(r.path()).isEqualTo("/v1/traces");
      assertThat(r.headers()).containsEntry("content-type", "application/x-protobuf")
          .containsEntry("x-scope-orgid", "tenant-a")
          .containsEntry("user-agent", OtlpHttpSender.USER_AGENT);
      assertThat(r.headers().get("content-encoding")).isEqualTo(gzip ? "gzip" : null);
      assertThat(r.body()).isEqualTo(i % 2 == 0 ? expected : batches.get(1).bytes());
      if (!gzip) {
        assertThat(r.wire()).isEqualTo(r.body());
      } else {
        assertThat(r.wire()).isNotEqualTo(r.body());
      }
    }
  }

  @Test
  void eachSignalGoesToItsOwnPathAndAConfiguredHeaderReplacesTheUserAgent() throws Exception {
    OtlpHttpSender sender = sender(config(false, Map.of("User-Agent", "mine/1.0")));
    LogsBatch logs = LogsBatch.fromWire(TestLogs.request(TestLogs.record("started")).toByteArray());
    sender.send(List.of(logs), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
    sender.send(List.of(traces("t")), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
    assertThat(standIn.received()).extracting(HttpStandIn.Received::path).containsExactly("/v1/logs", "/v1/traces");
    assertThat(standIn.received().get(0).body()).isEqualTo(logs.bytes());
    assertThat(standIn.received().get(0).headers()).containsEntry("user-agent", "mine/1.0");
  }

  @Test
  void retriesByOtlpHttpRulesHonouringRetryAfterAndDropsAPermanentFailure() throws Exception {
    var config = config(true, Map.of());
    QueuedExporter exporter = new QueuedExporter(ID, new OtlpHttpSender(ID, config, new TelemetrySettings(meters)),
        OtlpHttpExporterFactory.settings(config), new TelemetrySettings(meters), sleeps::add, System::nanoTime);
    exporter.start();
    try {
      standIn.answerNext(new HttpStandIn.Answer(503, Map.of("Retry-After", "7"), new byte[0]),
          HttpStandIn.Answer.of(429), HttpStandIn.Answer.of(502), HttpStandIn.Answer.of(504));
      TracesBatch batch = traces("x", "y");
      exporter.consumeTraces(batch);
      Await.until(Duration.ofSeconds(10), "delivered after four retryable answers",
          () -> counter("relay.exporter.sent.spans") == 2);
      assertThat(standIn.received()).hasSize(5);
      assertThat(standIn.received()).allSatisfy(r -> assertThat(r.body()).isEqualTo(batch.bytes()));
      // The peer's 7 s, then the policy's 10 ms for each retryable answer without Retry-After.
      assertThat(sleeps).containsExactly(TimeUnit.SECONDS.toNanos(7), TimeUnit.MILLISECONDS.toNanos(10),
          TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(10));

      byte[] status = com.google.rpc.Status.newBuilder().setCode(3).setMessage("bad span").build().toByteArray();
      standIn.answerNext(new HttpStandIn.Answer(400, Map.of("Content-Type", "application/x-protobuf"), status));
      exporter.consumeTraces(traces("bad", "worse", "worst"));
      Await.until(Duration.ofSeconds(10), "the permanent failure counted",
          () -> counter("relay.exporter.dropped.spans", "reason", "permanent_error") == 3);
      assertThat(standIn.received()).hasSize(6);
      assertThat(sleeps).hasSize(4);
      assertThat(counter("relay.exporter.sent.spans")).isEqualTo(2);
    } finally {
      exporter.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void statusesAreClassifiedAndTheBodysMessageIsKept() throws Exception {
    OtlpHttpSender sender = sender(config(false, Map.of()));
    for (int status : new int[] {429, 502, 503, 504}) {
      standIn.answerNext(HttpStandIn.Answer.of(status));
      assertThat(failure(sender).retryable()).as("HTTP %d", status).isTrue();
    }
    for (int status : new int[] {400, 401, 403, 404, 405, 413, 500, 501}) {
      standIn.answerNext(HttpStandIn.Answer.of(status));
      assertThat(failure(sender).retryable()).as("HTTP %d", status).isFalse();
    }
    standIn.answerNext(new HttpStandIn.Answer(400, Map.of("Content-Type", "application/x-protobuf"),
        com.google.rpc.Status.newBuilder().setCode(3).setMessage("span id is empty").build().toByteArray()));
    assertThat(failure(sender).getMessage())
        .isEqualTo("HTTP 400 from " + standIn.url() + "/v1/traces: span id is empty");
    standIn.answerNext(new HttpStandIn.Answer(413, Map.of("Content-Type", "text/plain"), "too big\n".getBytes()));
    assertThat(failure(sender).getMessage()).isEqualTo("HTTP 413 from " + standIn.url() + "/v1/traces: too big");
  }

  private static ExportException failure(OtlpHttpSender sender) throws Exception {
    try {
      sender.send(List.of(traces("s")), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return (ExportException) e.getCause();
    }
    throw new AssertionError("the send succeeded");
  }

  @Test
  void aPartialSuccessIsCountedNotRetried() throws Exception {
    OtlpHttpSender sender = sender(config(false, Map.of()));
    byte[] response = ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess.newBuilder()
        .setRejectedSpans(2).setErrorMessage("too old")).build().toByteArray();
    standIn.answerNext(new HttpStandIn.Answer(200, Map.of("Content-Type", "application/x-protobuf"), response));
    sender.send(List.of(traces("a", "b", "c")), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
    assertThat(counter("relay.exporter.partial.rejected.spans")).isEqualTo(2);
    assertThat(standIn.received()).hasSize(1);
  }

  @Test
  void jsonBodiesReadBackAsTheRequestAndAJsonPartialSuccessIsCounted() throws Exception {
    OtlpHttpSender sender = sender(config(true, true, Map.of()));
    standIn.answerNext(new HttpStandIn.Answer(200, Map.of("Content-Type", "application/json"),
        "{\"partialSuccess\":{\"rejectedSpans\":\"1\",\"errorMessage\":\"too old\"}}".getBytes()));
    List<Batch> batches = List.of(traces("a"), traces("b"));
    sender.send(batches, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
    var r = standIn.received().get(0);
    assertThat(r.headers()).containsEntry("content-type", "application/json")
        .containsEntry("content-encoding", "gzip");
    assertThat(OtlpJson.merge(r.body(), ExportTraceServiceRequest.newBuilder()).build())
        .isEqualTo(ExportTraceServiceRequest.parseFrom(concatenation(batches)));
    assertThat(counter("relay.exporter.partial.rejected.spans")).isEqualTo(1);
  }

  @Test
  void aDestinationThatIsNotListeningIsRetryable() throws Exception {
    Map<Signal, URI> urls = Map.of(Signal.TRACES, URI.create("http://127.0.0.1:" + FreePorts.next() + "/v1/traces"));
    var base = config(false, Map.of());
    OtlpHttpSender sender = sender(new OtlpHttpExporterConfig(urls, base.tls(), Map.of(), Compression.NONE, false, base.helper()));
    assertThatThrownBy(() -> sender.send(List.of(traces("s")), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(ExportException.class)
        .satisfies(e -> assertThat(((ExportException) e).retryable()).isTrue());
    LogsBatch logs = LogsBatch.fromWire(TestLogs.request(TestLogs.record("x")).toByteArray());
    assertThatThrownBy(() -> sender.send(List.of(logs), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS))
        .cause().isInstanceOf(ExportException.class)
        .hasMessage("exporter otlphttp/test has no URL for logs: set endpoint or logs_endpoint")
        .satisfies(e -> assertThat(((ExportException) e).retryable()).isFalse());
  }
}
