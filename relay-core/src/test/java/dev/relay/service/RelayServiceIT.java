package dev.relay.service;

import dev.relay.builtin.BuiltinComponents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.config.YamlLoader;
import dev.relay.testing.TempoStub;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The relay's lifecycle owner: start, the admin server beside the graph, meters of stopped components, stop. */
class RelayServiceIT {
  private final HttpClient http = HttpClient.newHttpClient();

  private static RelayConfig config(String tempo, int queueSize, int grpcPort) throws Exception {
    return new RelayConfigLoader(BuiltinComponents.all(), new YamlLoader(k -> null)).parse("t.yaml", """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:%d
        processors:
          filter:
            error_mode: ignore
            traces:
              span:
                - 'name == "drop-me"'
        exporters:
          otlp:
            endpoint: %s
            tls: {insecure: true}
            sending_queue: {queue_size: %d}
        service:
          shutdown_timeout: 2s
          admin:
            endpoint: 127.0.0.1:0
          pipelines:
            traces:
              receivers: [otlp]
              processors: [filter]
              exporters: [otlp]
            traces/second:
              receivers: [otlp]
              processors: [filter]
              exporters: [otlp]
        """.formatted(grpcPort, tempo, queueSize));
  }

  private int status(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void startsTheGraphAndTheAdminServerAndStopsBoth() throws Exception {
    try (TempoStub tempo = TempoStub.start()) {
      RelayService service = new RelayService(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
      service.start(config(tempo.endpoint(), 100, 0));
      int admin = service.adminPort();
      assertThat(service.graph().running()).isTrue();
      assertThat(status(admin, "/readyz")).isEqualTo(200);
      assertThat(service.describe()).hasSize(5)
          .anySatisfy(l -> assertThat(l).startsWith("receiver otlp: "))
          .anySatisfy(l -> assertThat(l).startsWith("admin HTTP on 127.0.0.1:" + admin));

      service.shutdown();
      assertThat(service.graph().running()).isFalse();
      // A new connection, not the client's kept-alive one: what matters is that nothing listens any more.
      assertThatThrownBy(() -> new java.net.Socket().connect(new java.net.InetSocketAddress("127.0.0.1", admin), 2000))
          .isInstanceOf(java.net.ConnectException.class);
      service.shutdown(); // a second stop does nothing
      assertThatThrownBy(() -> service.start(service.config())).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aStoppedComponentsMetersAreRemovedSoARebuiltOneRegistersItsOwn() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (TempoStub tempo = TempoStub.start()) {
      RelayService first = new RelayService(registry);
      first.start(config(tempo.endpoint(), 100, 0));
      assertThat(registry.get("relay.exporter.queue.capacity").tag("exporter", "otlp").gauge().value())
          .isEqualTo(100);
      assertThat(registry.find("relay.processor.filter.dropped.spans").tag("processor", "filter").counters())
          .hasSize(1);
      first.shutdown();
      assertThat(registry.getMeters()).noneMatch(m -> m.getId().getTag("exporter") != null
          || m.getId().getTag("processor") != null || m.getId().getTag("receiver") != null);

      RelayService second = new RelayService(registry);
      second.start(config(tempo.endpoint(), 200, 0));
      try {
        assertThat(registry.get("relay.exporter.queue.capacity").tag("exporter", "otlp").gauge().value())
            .isEqualTo(200);
      } finally {
        second.shutdown();
      }
    }
  }

  @Test
  void aGraphThatCannotStartIsStoppedAndItsFailureThrown() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (TempoStub tempo = TempoStub.start(); ServerSocket taken = new ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      RelayService service = new RelayService(registry);
      assertThatThrownBy(() -> service.start(config(tempo.endpoint(), 100, taken.getLocalPort())))
          .hasMessageContaining(String.valueOf(taken.getLocalPort()));
      assertThat(service.graph()).isNull();
      assertThat(service.adminPort()).isEqualTo(-1);
      assertThat(registry.find("relay.exporter.queue.capacity").gauges()).isEmpty();
    }
  }

  @Test
  void reloadingTheSameConfigChangesNothing() throws Exception {
    try (TempoStub tempo = TempoStub.start()) {
      RelayService service = new RelayService(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
      RelayConfig config = config(tempo.endpoint(), 100, 0);
      service.start(config);
      try {
        var exporter = service.graph().exporter(dev.relay.component.ComponentId.parse("otlp"));
        ReloadResult result = service.reload(config(tempo.endpoint(), 100, 0));
        assertThat(result.outcome()).isEqualTo(ReloadResult.Outcome.UNCHANGED);
        assertThat(service.graph().exporter(dev.relay.component.ComponentId.parse("otlp"))).isSameAs(exporter);
        assertThat(service.graph().running()).isTrue();
      } finally {
        service.shutdown();
      }
    }
  }
}
