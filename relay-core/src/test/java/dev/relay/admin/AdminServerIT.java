package dev.relay.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.component.TelemetrySettings;
import dev.relay.pipeline.PipelineGraph;
import dev.relay.service.RelayConfig;
import dev.relay.testing.Await;
import dev.relay.testing.FreePorts;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /healthz, /readyz and /metrics over real HTTP, on a running pipeline graph. */
class AdminServerIT {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** An admin server, and one pipeline to the Tempo stand-in and to the Redis at {@code redisEndpoint}. */
  private static RelayConfig config(TempoStub tempo, String redisEndpoint) throws Exception {
    return new TestConfig()
        .otlpReceiver()
        .otlpExporter("otlp", tempo)
        .redisExporter("redis", redisEndpoint, """
            routes:
              - channel: c
            """)
        .admin()
        .pipeline("traces", List.of("otlp"), List.of("otlp", "redis"))
        .load();
  }

  @Test
  void healthReadinessAndPrometheusMetrics() throws Exception {
    int deadRedis = FreePorts.next();
    try (TempoStub tempo = TempoStub.start()) {
      RelayConfig config = config(tempo, "redis://127.0.0.1:" + deadRedis);
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      PipelineGraph graph = PipelineGraph.build(config.graph(), new TelemetrySettings(registry));
      try (AdminServer admin = new AdminServer(config.adminHost(), config.adminPort(), registry, () -> graph)) {
        admin.start();
        int port = admin.port();
        assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> notYet = get(port, "/readyz");
        assertThat(notYet.statusCode()).isEqualTo(503);
        assertThat(notYet.body()).startsWith("{\"status\":\"not_ready\"");

        graph.start();
        HttpResponse<String> ready = get(port, "/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"ready\",\"components\":{\"receiver/otlp\":\"listening\","
            + "\"exporter/otlp\":\"" + graph.states().get("exporter/otlp") + "\","
            + "\"exporter/redis\":\"disconnected\"}}");

        int grpcPort = ((dev.relay.receiver.otlp.OtlpReceiver) graph.receiver(
            dev.relay.component.ComponentId.parse("otlp"))).grpcPort();
        try (Sdk sdk = new Sdk(grpcPort)) {
          for (int i = 0; i < 7; i++) {
            sdk.tracer().spanBuilder("s" + i).startSpan().end();
          }
          sdk.flush();
        }
        Await.until(Duration.ofSeconds(10), "7 spans at Tempo", () -> tempo.spanCount() == 7);
        Await.until(Duration.ofSeconds(10), "the sent spans in /metrics", () -> {
          try {
            return get(port, "/metrics").body()
                .contains("relay_exporter_sent_spans_total{exporter=\"otlp\"} 7.0");
          } catch (Exception e) {
            return false;
          }
        });
        String metrics = get(port, "/metrics").body();
        assertThat(metrics)
            .contains("relay_receiver_accepted_spans_total{receiver=\"otlp\",transport=\"grpc\"} 7.0")
            .contains("relay_exporter_queue_capacity{exporter=\"otlp\"}");
        assertThat(get(port, "/metrics").headers().firstValue("content-type")).hasValueSatisfying(
            v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
        assertThat(get(port, "/nope").statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
            .isEqualTo(405);

        graph.shutdown(Duration.ofSeconds(2));
        assertThat(get(port, "/readyz").statusCode()).isEqualTo(503);
      }
    }
  }

  @Test
  void readinessShowsRedisGoingDownAndComingBackWithoutFlippingTheRelayUnready() throws Exception {
    try (TempoStub tempo = TempoStub.start(); dev.relay.testing.TestRedis redis = dev.relay.testing.TestRedis.start()) {
      RelayConfig config = config(tempo, redis.uri());
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      PipelineGraph graph = PipelineGraph.build(config.graph(), new TelemetrySettings(registry));
      graph.start();
      try (AdminServer admin = new AdminServer(config.adminHost(), config.adminPort(), registry, () -> graph)) {
        admin.start();
        int port = admin.port();
        Await.until(Duration.ofSeconds(10), "redis connected", () -> redisState(port).equals("connected"));
        redis.stopProcess();
        Await.until(Duration.ofSeconds(20), "redis disconnected", () -> redisState(port).equals("disconnected"));
        assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
        redis.startProcess();
        Await.until(Duration.ofSeconds(30), "redis connected again", () -> redisState(port).equals("connected"));
        assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
      } finally {
        graph.shutdown(Duration.ofSeconds(2));
      }
    }
  }

  /** The Redis exporter's state in the /readyz body. */
  private String redisState(int port) {
    try {
      String body = get(port, "/readyz").body();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"exporter/redis\":\"([a-z_]+)\"").matcher(body);
      return m.find() ? m.group(1) : "";
    } catch (Exception e) {
      return "";
    }
  }
}
