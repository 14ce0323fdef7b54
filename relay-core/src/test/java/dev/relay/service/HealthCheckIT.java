package dev.relay.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.ConfigFixture;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code health_check} extension, served by the relay: on the admin server when they share an endpoint, on a
 * listener of its own when not; {@code 200} while the pipelines run, nothing listening once the relay stopped.
 */
class HealthCheckIT {
  private final HttpClient http = HttpClient.newHttpClient();
  private RelayService service;

  private static final String PIPELINE = """
      receivers:
        otlp:
          protocols:
            grpc:
              endpoint: 127.0.0.1:0
      exporters:
        debug:
      service:
        extensions: [health_check]
        admin:
          endpoint: %s
        pipelines:
          traces:
            receivers: [otlp]
            exporters: [debug]
      extensions:
        health_check:
          endpoint: %s
          path: %s
      """;

  @AfterEach
  void stop() {
    if (service != null) {
      service.shutdown();
    }
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private RelayService start(String admin, String health) throws Exception {
    return start(admin, health, "/health/status");
  }

  private RelayService start(String admin, String health, String path) throws Exception {
    service = new RelayService(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    service.start(ConfigFixture.parse(PIPELINE.formatted(admin, health, path)));
    return service;
  }

  @Test
  void onTheAdminServerWhenTheEndpointIsTheSame() throws Exception {
    start("127.0.0.1:0", "127.0.0.1:0");
    assertThat(service.healthCheckPort()).isEqualTo(-1);
    int port = service.adminPort();
    HttpResponse<String> health = get(port, "/health/status");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("{\"status\":\"Server available\"}");
    assertThat(health.headers().firstValue("content-type")).contains("application/json");
    assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
    assertThat(get(port, "/health").statusCode()).isEqualTo(404);
    assertThat(service.describe()).anySatisfy(l -> assertThat(l).contains("; health_check on /health/status;"));
  }

  @Test
  void onAListenerOfItsOwnWhenTheEndpointDiffers() throws Exception {
    start("none", "127.0.0.1:0");
    assertThat(service.adminPort()).isEqualTo(-1);
    int port = service.healthCheckPort();
    assertThat(port).isPositive();
    HttpResponse<String> health = get(port, "/health/status");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("{\"status\":\"Server available\"}");
    assertThat(get(port, "/metrics").statusCode()).isEqualTo(404);
    assertThat(service.describe()).contains("health_check on 127.0.0.1:" + port + "/health/status");

    service.shutdown();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new java.net.Socket().connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000))
        .isInstanceOf(java.net.ConnectException.class);
  }

  @Test
  void notAvailableWhileNoPipelineRuns() throws Exception {
    var settings = new dev.relay.admin.HealthCheckSettings(new dev.relay.config.ServerSettings("127.0.0.1", 0), "/");
    try (var server = new dev.relay.admin.HealthCheckServer(settings, () -> null)) {
      server.start();
      HttpResponse<String> health = get(server.port(), "/");
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).isEqualTo("{\"status\":\"Server not available\"}");
    }
  }

  @Test
  void onItsOwnListenerAPathEndingInASlashAnswersItsSubtreeAndAnyMethod() throws Exception {
    start("none", "127.0.0.1:0", "/");
    int port = service.healthCheckPort();
    assertThat(get(port, "/").statusCode()).isEqualTo(200);
    assertThat(get(port, "/healthz").statusCode()).as("the Collector's default '/' answers every path").isEqualTo(200);
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
        .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(200);
  }
}
