package dev.relay.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.FreePorts;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged {@code relay.jar}, run as a real process, as the README tells people to run it. */
class RelayProcessIT {
  @TempDir
  Path dir;

  private RelayProcess relay;

  @AfterEach
  void stop() throws Exception {
    if (relay != null) {
      relay.close();
    }
  }

  private void start(Map<String, String> env, String... args) throws IOException {
    relay = RelayProcess.start(dir.resolve("relay-process.log"), "64m", env, args);
  }

  @Test
  void runsForwardsAndStopsCleanlyOnSigterm() throws Exception {
    int port = FreePorts.next();
    try (TempoStub tempo = TempoStub.start()) {
      Path config = dir.resolve("relay.yaml");
      Files.writeString(config, new TestConfig()
          .otlpReceiver("127.0.0.1:" + port)
          .otlpExporter("otlp/tempo", tempo)
          .admin()
          .pipeline("traces", List.of("otlp"), List.of("otlp/tempo"))
          .yaml());
      start(Map.of(), "run", "--config", config.toString());
      Await.until(Duration.ofSeconds(30), "start-up summary; output:\n" + relay.output(),
          () -> relay.output().contains("pipeline traces:"));
      assertThat(relay.output())
          .contains("receiver otlp: OTLP/gRPC on 127.0.0.1:" + port)
          .contains("exporter otlp/tempo: OTLP/gRPC to " + tempo.endpoint() + " (plaintext, gzip)")
          .contains("pipeline traces: [otlp] -> [] -> [otlp/tempo]");
      try (Sdk sdk = new Sdk(port)) {
        for (int i = 0; i < 25; i++) {
          sdk.tracer().spanBuilder("p" + i).startSpan().end();
        }
        sdk.flush();
      }
      Await.until(Duration.ofSeconds(20), "25 spans at Tempo", () -> tempo.spanCount() == 25);
      relay.process().destroy(); // SIGTERM
      int code = relay.awaitExit();
      assertThat(relay.output()).as("exit code " + code).contains("relay stopping").contains("relay stopped");
      assertThat(code).as("a drained stop is a success, not 128 + SIGTERM").isZero();
    }
  }

  /** Ctrl-C in a terminal (SIGINT) drains and exits 0 too, as SIGTERM does. */
  @Test
  void sigintStopsCleanlyWithExitZero() throws Exception {
    Path config = dir.resolve("relay.yaml");
    Files.writeString(config, new TestConfig()
        .otlpReceiver("127.0.0.1:" + FreePorts.next())
        .debugExporter()
        .admin()
        .pipeline("traces", List.of("otlp"), List.of("debug"))
        .yaml());
    start(Map.of(), "run", "--config", config.toString());
    relay.awaitStarted();
    // A process started in the background by a shell without job control inherits SIGINT ignored; then the JVM
    // (rightly) leaves it ignored, and there is nothing to test.
    String status = Files.readString(Path.of("/proc", Long.toString(relay.process().pid()), "status"));
    long ignored = Long.parseLong(status.replaceAll("(?s).*\\nSigIgn:\\s*([0-9a-f]+).*", "$1"), 16);
    Assumptions.assumeTrue((ignored & (1L << 1)) == 0, "SIGINT is ignored in this process tree");
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(relay.process().pid())).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
    int code = relay.awaitExit();
    assertThat(relay.output()).as("exit code " + code).contains("relay stopped");
    assertThat(code).isZero();
  }

  /** A Collector file's warnings are logged once, at start; its health_check answers on an endpoint of its own. */
  @Test
  void collectorWarningsAreLoggedOnceAndTheHealthCheckAnswers() throws Exception {
    int port = FreePorts.next();
    int health = FreePorts.next();
    Path config = dir.resolve("relay.yaml");
    Files.writeString(config, """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:%d
        exporters:
          logging:
        extensions:
          pprof:
          health_check:
            endpoint: 127.0.0.1:%d
            path: /health/status
        service:
          extensions: [pprof, health_check]
          admin:
            endpoint: none
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [logging]
        """.formatted(port, health));
    start(Map.of(), "run", "--config", config.toString());
    Await.until(Duration.ofSeconds(30), "start-up summary; output:\n" + relay.output(),
        () -> relay.output().contains("health_check on 127.0.0.1:" + health + "/health/status"));
    String output = relay.output();
    assertThat(output.split("exporters.logging: the 'logging' exporter is deprecated", -1)).hasSize(2);
    assertThat(output.split("extensions.pprof: pprof is accepted but not served", -1)).hasSize(2);
    var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + health + "/health/status")).timeout(Duration.ofSeconds(10))
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"status\":\"Server available\"}");
  }

  @Test
  void defaultConfigShowsSpansAndSelectedEventsWithNothingElseRunning() throws Exception {
    int port = FreePorts.next();
    int deadRedis = FreePorts.next();
    start(Map.of("RELAY_GRPC_ENDPOINT", "127.0.0.1:" + port, "RELAY_HTTP_ENDPOINT", "127.0.0.1:0",
        "REDIS_URL", "redis://127.0.0.1:" + deadRedis, "RELAY_ADMIN_ENDPOINT", "127.0.0.1:0"),
        "run", "--config", Path.of("..", "config", "relay.yaml").toString());
    Await.until(Duration.ofSeconds(30), "start-up; output:\n" + relay.output(),
        () -> relay.output().contains("relay started"));
    try (Sdk sdk = new Sdk(port)) {
      Span span = sdk.tracer().spanBuilder("chat").setAttribute("luthien.call_id", "abc").startSpan();
      span.addEvent("gateway.request_received", Attributes.builder().put("model", "m").build());
      span.addEvent("internal.detail", Attributes.empty());
      span.end();
      sdk.flush();
    }
    Await.until(Duration.ofSeconds(20), "the span and the selected event in the log; output:\n" + relay.output(),
        () -> relay.output().contains("span chat trace_id=")
            && relay.output().contains("redis/activity -> luthien:activity {\"call_id\":\"abc\","
                + "\"event_type\":\"gateway.request_received\""));
    assertThat(relay.output()).contains("event internal.detail");
    assertThat(relay.output()).doesNotContain("-> luthien:activity {\"call_id\":\"abc\",\"event_type\":\"internal");
    assertThat(relay.output()).contains("is unreachable");
    relay.process().destroy();
    relay.awaitExit();
  }

  @Test
  void portInUseIsARuntimeFailure() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Path config = dir.resolve("relay.yaml");
      Files.writeString(config, new TestConfig()
          .otlpReceiver("127.0.0.1:" + taken.getLocalPort())
          .debugExporter()
          .admin()
          .pipeline("traces", List.of("otlp"), List.of("debug"))
          .yaml());
      start(Map.of(), "run", "--config", config.toString());
      assertThat(relay.awaitExit()).isEqualTo(1);
      assertThat(relay.output()).contains("relay: cannot start: receiver otlp cannot listen on 127.0.0.1:"
          + taken.getLocalPort());
    }
  }
}
