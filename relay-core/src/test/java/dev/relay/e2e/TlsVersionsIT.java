package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.relay.testing.Await;
import dev.relay.testing.FreePorts;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestCerts;
import dev.relay.testing.TestRelay;
import dev.relay.testing.Tools;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code tls} keys the exporters gained with the one TLS model, against real handshakes: {@code min_version}
 * and {@code max_version} against a Tempo and a Redis that speak only TLS 1.2, and {@code insecure_skip_verify}
 * for the OTLP exporter. Certificates are made by the test with openssl.
 */
class TlsVersionsIT {
  @TempDir
  Path dir;

  private static TestRelay otlpRelay(TempoStub tempo, String tls) throws Exception {
    return TestRelay.start(new TestConfig()
        .otlpReceiver()
        .exporter("otlp", """
            endpoint: %s
            tls: {%s}
            retry_on_failure:
              initial_interval: 50ms
              max_interval: 50ms
              max_elapsed_time: 1s
            """.formatted(tempo.endpoint(), tls))
        .pipeline("traces", List.of("otlp"), List.of("otlp")));
  }

  private static void send(Sdk sdk) {
    Span span = sdk.tracer().spanBuilder("s").startSpan();
    span.addEvent("hello", Attributes.empty());
    span.end();
    sdk.flush();
  }

  @Test
  void theOtlpExporterOffersOnlyTheVersionsItIsGiven() throws Exception {
    assumeTrue(Tools.onPath("openssl"), "needs openssl on PATH");
    TestCerts.make(dir);
    String ca = "ca_file: " + dir.resolve("ca.crt");
    try (TempoStub tempo = TempoStub.startTls(dir.resolve("server.crt"), dir.resolve("server.key"), null, "TLSv1.2")) {
      try (TestRelay relay = otlpRelay(tempo, ca + ", max_version: \"1.2\"");
          Sdk sdk = new Sdk(relay.grpcPort("otlp"))) {
        send(sdk);
        Await.until(Duration.ofSeconds(20), "a span over TLS 1.2", () -> tempo.spanCount() == 1);
      }
      try (TestRelay relay = otlpRelay(tempo, ca + ", min_version: \"1.3\"");
          Sdk sdk = new Sdk(relay.grpcPort("otlp"))) {
        send(sdk);
        Await.until(Duration.ofSeconds(20), "retries after failed handshakes",
            () -> relay.counter("relay.exporter.retries") >= 2);
      }
      assertThat(tempo.spanCount()).as("nothing more than the TLS 1.2 relay's span").isEqualTo(1);
    }
  }

  @Test
  void theOtlpExporterCanSkipVerification() throws Exception {
    assumeTrue(Tools.onPath("openssl"), "needs openssl on PATH");
    TestCerts.make(dir);
    // The relay is given no CA: the JDK's CAs do not know the test's, so only skipping verification works.
    try (TempoStub tempo = TempoStub.startTls(dir.resolve("server.crt"), dir.resolve("server.key"), null);
        TestRelay relay = otlpRelay(tempo, "insecure_skip_verify: true");
        Sdk sdk = new Sdk(relay.grpcPort("otlp"))) {
      send(sdk);
      Await.until(Duration.ofSeconds(20), "a span at an unverified Tempo", () -> tempo.spanCount() == 1);
    }
  }

  @Test
  void theRedisExporterOffersOnlyTheVersionsItIsGiven() throws Exception {
    assumeTrue(Tools.onPath("openssl", "redis-server"), "needs openssl and redis-server on PATH");
    TestCerts.make(dir);
    int port = FreePorts.next();
    Process redis = new ProcessBuilder("redis-server", "--port", "0", "--tls-port", Integer.toString(port), "--bind",
        "127.0.0.1", "--tls-cert-file", "server.crt", "--tls-key-file", "server.key", "--tls-ca-cert-file", "ca.crt",
        "--tls-auth-clients", "no", "--tls-protocols", "TLSv1.2", "--save", "", "--appendonly", "no")
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    try {
      Await.until(Duration.ofSeconds(10), "redis TLS port", () -> {
        try (Socket s = new Socket("127.0.0.1", port)) {
          return true;
        } catch (Exception e) {
          return false;
        }
      });
      String ca = "ca_file: " + dir.resolve("ca.crt");
      try (TempoStub tempo = TempoStub.start(); TestRelay relay = redisRelay(tempo, port, ca + ", max_version: \"1.2\"");
          Sdk sdk = new Sdk(relay.grpcPort("otlp"))) {
        Await.until(Duration.ofSeconds(20), "an event published over TLS 1.2", () -> {
          send(sdk);
          return relay.counter("relay.redis.published.messages") >= 1;
        });
      }
      try (TempoStub tempo = TempoStub.start(); TestRelay relay = redisRelay(tempo, port, ca + ", min_version: \"1.3\"");
          Sdk sdk = new Sdk(relay.grpcPort("otlp"))) {
        for (int i = 0; i < 3; i++) {
          send(sdk);
        }
        Await.until(Duration.ofSeconds(20), "every span at Tempo", () -> tempo.spanCount() == 3);
        Await.until(Duration.ofSeconds(10), "drops counted",
            () -> relay.counter("relay.redis.dropped.messages", "reason", "redis_down") == 3);
        assertThat(relay.counter("relay.redis.published.messages")).isZero();
      }
    } finally {
      redis.destroy();
      redis.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static TestRelay redisRelay(TempoStub tempo, int port, String tls) throws Exception {
    return TestRelay.start(new TestConfig()
        .otlpReceiver()
        .otlpExporter("otlp", tempo)
        .redisExporter("redis", "rediss://127.0.0.1:" + port, """
            tls: {%s}
            routes:
              - channel: versions
            """.formatted(tls))
        .pipeline("traces", List.of("otlp"), List.of("otlp", "redis")));
  }
}
