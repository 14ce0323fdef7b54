package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.FreePorts;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestLogs;
import dev.relay.testing.TestRelay;
import dev.relay.testing.TestTraces;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code otlphttp} exporter against the relay's own OTLP/HTTP receiver: relay A (OTLP in, {@code otlphttp} out)
 * sends to relay B (OTLP/HTTP in, {@code otlp} out to the Tempo stand-in). What a client sent arrives byte for byte
 * when nothing changed it, with and without gzip, for traces and logs; metrics sent as OTLP JSON arrive as the same
 * request; a relay B that is down at first gets the data once it is up, and one that refuses with 503 (its queue
 * full) is retried until everything is delivered.
 */
class OtlpHttpExporterIT {
  private static final String FAST_RETRY = """
      retry_on_failure:
        initial_interval: 50ms
        max_interval: 50ms
      """;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private TempoStub tempo;
  private TestRelay relayB;
  private TestRelay relayA;

  @AfterEach
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {relayA, relayB, tempo}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /** Relay B: OTLP/HTTP on {@code endpoint}, traces and logs to the Tempo stand-in over gRPC. */
  private TestRelay startRelayB(String endpoint) throws Exception {
    return TestRelay.start(new TestConfig()
        .receiver("otlp", """
            protocols:
              http:
                endpoint: %s
            """.formatted(endpoint))
        .otlpExporter("otlp", tempo, "compression: none\n")
        .pipeline("traces", List.of("otlp"), List.of("otlp"))
        .pipeline("logs", List.of("otlp"), List.of("otlp"))
        .pipeline("metrics", List.of("otlp"), List.of("otlp")));
  }

  /**
   * Relay A: OTLP over gRPC and HTTP; traces to {@code otlphttp/plain} (no compression), logs to {@code otlphttp}
   * (gzip, the default), metrics to {@code otlphttp/json} (OTLP JSON, gzip).
   */
  private TestRelay startRelayA(String relayBUrl) throws Exception {
    return TestRelay.start(new TestConfig()
        .receiver("otlp", """
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
              http:
                endpoint: 127.0.0.1:0
            """)
        .exporter("otlphttp/plain", "endpoint: " + relayBUrl + "\ncompression: none\n" + FAST_RETRY)
        .exporter("otlphttp", "endpoint: " + relayBUrl + "/\n" + FAST_RETRY)
        .exporter("otlphttp/json", "metrics_endpoint: " + relayBUrl + "/v1/metrics\nencoding: json\n" + FAST_RETRY)
        .pipeline("traces", List.of("otlp"), List.of("otlphttp/plain"))
        .pipeline("logs", List.of("otlp"), List.of("otlphttp"))
        .pipeline("metrics", List.of("otlp"), List.of("otlphttp/json")));
  }

  private int post(String signal, byte[] body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + relayA.httpPort("otlp") + "/v1/" + signal))
        .header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void whatAClientSentArrivesByteForByteThroughTheRelaysOwnHttpReceiver() throws Exception {
    tempo = TempoStub.start();
    relayB = startRelayB(TestConfig.ANY_PORT);
    relayA = startRelayA("http://127.0.0.1:" + relayB.httpPort("otlp"));

    byte[] traces = TestTraces.request(TestTraces.spanWithIds("checkout"), TestTraces.spanWithIds("charge"))
        .toByteArray();
    assertThat(post("traces", traces)).isEqualTo(200);
    Await.until(Duration.ofSeconds(10), "the traces at Tempo", () -> tempo.rawRequests().size() == 1);
    assertThat(tempo.rawRequests().get(0)).isEqualTo(traces);

    byte[] logs = TestLogs.request(TestLogs.record("order.placed"), TestLogs.record("order.paid")).toByteArray();
    assertThat(post("logs", logs)).isEqualTo(200);
    Await.until(Duration.ofSeconds(10), "the logs at Tempo", () -> tempo.logRecords().size() == 2);
    assertThat(tempo.logRequests().get(0).toByteArray()).isEqualTo(logs);

    ExportMetricsServiceRequest metrics = ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder()
            .addMetrics(Metric.newBuilder().setName("queue.depth").setGauge(Gauge.newBuilder()
                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(1_700_000_000_000_000_000L).setAsInt(42))
                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(1_700_000_001_000_000_000L)
                    .setAsDouble(0.5))))))
        .build();
    assertThat(post("metrics", metrics.toByteArray())).isEqualTo(200);
    Await.until(Duration.ofSeconds(10), "the metrics at Tempo", () -> tempo.metricRequests().size() == 1);
    assertThat(tempo.metricRequests().get(0)).isEqualTo(metrics);

    assertThat(relayA.counter("relay.exporter.sent.spans", "exporter", "otlphttp/plain")).isEqualTo(2);
    assertThat(relayA.counter("relay.exporter.sent.log.records", "exporter", "otlphttp")).isEqualTo(2);
    assertThat(relayB.counter("relay.receiver.accepted.spans")).isEqualTo(2);
  }

  @Test
  void spansFromTheSdkReachADestinationThatComesUpLater() throws Exception {
    tempo = TempoStub.start();
    int relayBPort = FreePorts.next();
    relayA = startRelayA("http://127.0.0.1:" + relayBPort);
    try (Sdk sdk = new Sdk(relayA.grpcPort("otlp"))) {
      for (int i = 0; i < 5; i++) {
        sdk.tracer().spanBuilder("late-" + i).startSpan().end();
      }
      sdk.flush();
    }
    Await.until(Duration.ofSeconds(10), "relay A retrying",
        () -> relayA.counter("relay.exporter.retries", "exporter", "otlphttp/plain") >= 1);
    relayB = startRelayB("127.0.0.1:" + relayBPort);
    Await.until(Duration.ofSeconds(10), "the spans at Tempo", () -> tempo.spanCount() == 5);
    assertThat(tempo.spans()).extracting(Span::getName)
        .containsExactlyInAnyOrder("late-0", "late-1", "late-2", "late-3", "late-4");
    assertThat(relayA.counter("relay.exporter.dropped.spans")).isZero();
  }

  @Test
  void aRelayThatRefusesWith503IsRetriedAndNothingIsLost() throws Exception {
    tempo = TempoStub.start();
    tempo.hold();
    // Relay B holds one request in flight to the held Tempo and one in its queue; it refuses the next with 503.
    relayB = TestRelay.start(new TestConfig()
        .receiver("otlp", "protocols:\n  http:\n    endpoint: 127.0.0.1:0\n")
        .otlpExporter("otlp", tempo, """
            timeout: 20s
            sending_queue: {queue_size: 1, num_consumers: 1}
            """ + FAST_RETRY)
        .pipeline("traces", List.of("otlp"), List.of("otlp")));
    relayA = startRelayA("http://127.0.0.1:" + relayB.httpPort("otlp"));
    for (int i = 0; i < 3; i++) {
      assertThat(post("traces", TestTraces.request("refused-" + i).toByteArray())).isEqualTo(200);
      int sentOrRetried = i + 1;
      Await.until(Duration.ofSeconds(10), "relay A's send " + sentOrRetried,
          () -> relayA.counter("relay.exporter.sent.spans") + relayA.counter("relay.exporter.retries")
              >= sentOrRetried);
    }
    Await.until(Duration.ofSeconds(10), "relay B refusing",
        () -> relayB.counter("relay.receiver.refused.spans") >= 1);
    assertThat(tempo.spanCount()).isZero();
    tempo.release();
    Await.until(Duration.ofSeconds(30), "every span at Tempo", () -> tempo.spanCount() == 3);
    assertThat(tempo.spans()).extracting(Span::getName)
        .containsExactlyInAnyOrder("refused-0", "refused-1", "refused-2");
    assertThat(relayA.counter("relay.exporter.retries", "exporter", "otlphttp/plain")).isGreaterThanOrEqualTo(1);
    assertThat(relayA.counter("relay.exporter.dropped.spans")).isZero();
  }
}
