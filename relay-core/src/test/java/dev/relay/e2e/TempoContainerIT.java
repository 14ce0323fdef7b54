package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.relay.testing.Await;
import dev.relay.testing.Docker;
import dev.relay.testing.Sdk;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRelay;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/** Against the real grafana/tempo image, where a Docker engine exists; skipped, with the reason, elsewhere. */
class TempoContainerIT {
  private static final String TEMPO_CONFIG = """
      server:
        http_listen_port: 3200
      distributor:
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 0.0.0.0:4317
      storage:
        trace:
          backend: local
          local:
            path: /tmp/tempo/blocks
          wal:
            path: /tmp/tempo/wal
      """;

  @Test
  void spansSentThroughTheRelayCanBeQueriedFromTempo() throws Exception {
    assumeTrue(Docker.available(), "no Docker engine on this machine: the real-Tempo test is skipped");
    try (GenericContainer<?> tempo = new GenericContainer<>(DockerImageName.parse("grafana/tempo:2.6.1"))
        .withCopyToContainer(Transferable.of(TEMPO_CONFIG), "/etc/tempo.yaml")
        .withCommand("-config.file=/etc/tempo.yaml")
        .withExposedPorts(3200, 4317)
        .waitingFor(Wait.forHttp("/ready").forPort(3200).withStartupTimeout(Duration.ofMinutes(2)))) {
      tempo.start();
      try (TestRelay relay = TestRelay.start(new TestConfig()
              .otlpReceiver()
              .otlpExporter("otlp/tempo", tempo.getHost() + ":" + tempo.getMappedPort(4317), "")
              .pipeline("traces", List.of("otlp"), List.of("otlp/tempo")));
          Sdk sdk = new Sdk(relay.grpcPort("otlp"))) {
        Span span = sdk.tracer().spanBuilder("through-relay").startSpan();
        span.addEvent("gateway.request_received", Attributes.empty());
        span.end();
        sdk.flush();
        String traceId = span.getSpanContext().getTraceId();
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://" + tempo.getHost() + ":" + tempo.getMappedPort(3200) + "/api/traces/" + traceId);
        String[] body = new String[1];
        Await.until(Duration.ofSeconds(60), "the trace in Tempo", () -> {
          try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
            body[0] = r.body();
            return r.statusCode() == 200;
          } catch (Exception e) {
            return false;
          }
        });
        assertThat(body[0]).contains("through-relay").contains("gateway.request_received");
      }
    }
  }
}
