package dev.relay.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.admin.AdminServer;
import dev.relay.component.ComponentId;
import dev.relay.component.PipelineId;
import dev.relay.otlp.Signal;
import dev.relay.component.TelemetrySettings;
import dev.relay.pipeline.PipelineGraph;
import dev.relay.receiver.otlp.OtlpReceiver;
import dev.relay.service.RelayConfig;
import dev.relay.testing.Await;
import dev.relay.testing.FreePorts;
import dev.relay.testing.Sdk;
import dev.relay.testing.TestConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code relay tap} against a running pipeline graph and its admin server. */
class TapCommandIT {
  @Test
  void printsTheTappedItemsAsJsonLinesAndStopsAfterCount() throws Exception {
    RelayConfig config = new TestConfig()
        .otlpReceiver()
        .debugExporter()
        .admin()
        .pipeline("traces", List.of("otlp"), List.of("debug"))
        .load();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PipelineGraph graph = PipelineGraph.build(config.graph(), new TelemetrySettings(registry));
    graph.start();
    try (AdminServer admin = new AdminServer("127.0.0.1", 0, registry, () -> graph)) {
      admin.start();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> RelayMain.execute(new String[] {
          "tap", "--admin", "127.0.0.1:" + admin.port(), "--match", "IsMatch(name, \"^keep\")", "--count", "2"},
          new PrintWriter(out, true), new PrintWriter(err, true)), runnable -> {
            // Its own thread: the common pool has a single worker on two cores.
            Thread t = new Thread(runnable, "relay-tap-under-test");
            t.setDaemon(true);
            t.start();
          });
      Await.until(Duration.ofSeconds(10), "relay tap attached",
          () -> graph.tap(new PipelineId(Signal.TRACES, "")).attached() == 1);
      int port = ((OtlpReceiver) graph.receiver(ComponentId.parse("otlp"))).grpcPort();
      try (Sdk sdk = new Sdk(port)) {
        for (String name : List.of("keep-1", "drop-1", "keep-2", "keep-3")) {
          sdk.tracer().spanBuilder(name).startSpan().end();
          sdk.flush();
        }
      }
      int exit;
      try {
        exit = code.get(20, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError("relay tap did not stop; out: " + out + "; err: " + err + "; the relay accepted "
            + registry.find("relay.receiver.accepted.spans").counters().stream().mapToDouble(c -> c.count()).sum()
            + " spans and refused "
            + registry.find("relay.receiver.refused.spans").counters().stream().mapToDouble(c -> c.count()).sum());
      }
      assertThat(exit).as(err.toString()).isEqualTo(0);
      List<String> lines = out.toString().lines().toList();
      assertThat(lines).hasSize(2);
      assertThat(lines.get(0)).startsWith("{\"resource\":").contains("\"name\":\"keep-1\"");
      assertThat(lines.get(1)).contains("\"name\":\"keep-2\"");
    } finally {
      graph.shutdown(Duration.ofSeconds(2));
    }
  }

  @Test
  void reportsErrorsWithExitCodes() {
    CliTest.Result unreachable = CliTest.run("tap", "--admin", "127.0.0.1:" + FreePorts.next());
    assertThat(unreachable.code()).isEqualTo(1);
    assertThat(unreachable.err()).startsWith("relay tap: cannot reach the admin server at 127.0.0.1:");
  }

  @Test
  void readsAnAdminServerWithTlsAndAuthWithTheAuthorizationFromTheEnvironment(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(dev.relay.testing.Tools.onPath("openssl"), "needs openssl");
    dev.relay.testing.TestCerts.make(dir);
    RelayConfig config = new TestConfig()
        .extension("bearertokenauth/admin", "token: tap-token\n")
        .otlpReceiver()
        .debugExporter()
        .service("""
            admin:
              endpoint: 127.0.0.1:0
              tls: {cert_file: %s, key_file: %s}
              auth: {authenticator: bearertokenauth/admin}
            """.formatted(dir.resolve("server.crt"), dir.resolve("server.key")))
        .pipeline("traces", List.of("otlp"), List.of("debug"))
        .load();
    dev.relay.service.RelayService service = new dev.relay.service.RelayService(
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    service.start(config);
    try {
      String[] args = {"tap", "--admin", "https://localhost:" + service.adminPort(), "--cacert",
          dir.resolve("ca.crt").toString(), "--count", "1"};
      StringWriter err = new StringWriter();
      int refused = RelayMain.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
      assertThat(refused).isEqualTo(RelayMain.EXIT_RUNTIME);
      assertThat(err.toString()).contains("relay tap: 401: authentication required").contains(
          TapCommand.AUTHORIZATION_ENV);

      TapCommand.environment = name -> name.equals(TapCommand.AUTHORIZATION_ENV) ? "Bearer tap-token" : null;
      StringWriter out = new StringWriter();
      CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> RelayMain.execute(args,
          new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)), runnable -> {
            Thread t = new Thread(runnable, "relay-tap-under-test");
            t.setDaemon(true);
            t.start();
          });
      PipelineGraph graph = service.graph();
      Await.until(Duration.ofSeconds(10), "relay tap attached",
          () -> graph.tap(new PipelineId(Signal.TRACES, "")).attached() == 1);
      int port = ((OtlpReceiver) graph.receiver(ComponentId.parse("otlp"))).grpcPort();
      try (Sdk sdk = new Sdk(port)) {
        sdk.tracer().spanBuilder("over-tls").startSpan().end();
        sdk.flush();
      }
      assertThat(code.get(20, TimeUnit.SECONDS)).isEqualTo(0);
      assertThat(out.toString()).contains("\"name\":\"over-tls\"");
    } finally {
      TapCommand.environment = System::getenv;
      service.shutdown(Duration.ofSeconds(2));
    }
  }
}
