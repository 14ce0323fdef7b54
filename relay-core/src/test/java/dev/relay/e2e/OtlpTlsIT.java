package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.relay.testing.Await;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestCerts;
import dev.relay.testing.TestRelay;
import dev.relay.testing.Tools;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OTLP exporter over TLS with the JDK's TLS provider (gRPC on the project's Netty, no BoringSSL): a Tempo
 * verified by a CA, one that also requires a client certificate (with and without one), and one signed by a CA the
 * relay does not trust.
 */
class OtlpTlsIT {
  @TempDir
  static Path dir;

  @BeforeAll
  static void certificates() throws Exception {
    assumeTrue(Tools.onPath("openssl"), "needs openssl on PATH");
    TestCerts.make(dir);
  }

  private static TestRelay relay(TempoStub tempo, String tls) throws Exception {
    return TestRelay.start("""
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
        exporters:
          otlp:
            endpoint: %s
            tls:
        %s
            retry_on_failure:
              initial_interval: 50ms
              max_interval: 50ms
              max_elapsed_time: 1s
        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [otlp]
        """.formatted(tempo.endpoint(), tls));
  }

  private static void send(Sdk sdk, int spans) {
    for (int i = 0; i < spans; i++) {
      sdk.tracer().spanBuilder("over-tls-" + i).startSpan().end();
    }
    sdk.flush();
  }

  @Test
  void exportsToATempoItVerifiesWithTheCa() throws Exception {
    try (TempoStub tempo = TempoStub.startTls(dir.resolve("server.crt"), dir.resolve("server.key"), null);
        TestRelay relay = relay(tempo, "      ca_file: " + dir.resolve("ca.crt"));
        Sdk sdk = new Sdk(relay.grpcPort("otlp"))) {
      send(sdk, 3);
      Await.until(Duration.ofSeconds(20), "3 spans at Tempo", () -> tempo.spanCount() == 3);
      assertThat(tempo.spans()).extracting(s -> s.getName())
          .containsExactlyInAnyOrder("over-tls-0", "over-tls-1", "over-tls-2");
    }
  }

  @Test
  void presentsItsClientCertificateToATempoThatRequiresOne() throws Exception {
    try (TempoStub tempo = TempoStub.startTls(dir.resolve("server.crt"), dir.resolve("server.key"),
            dir.resolve("ca.crt"));
        TestRelay relay = relay(tempo, "      ca_file: " + dir.resolve("ca.crt") + "\n      cert_file: "
            + dir.resolve("client.crt") + "\n      key_file: " + dir.resolve("client.key"));
        Sdk sdk = new Sdk(relay.grpcPort("otlp"))) {
      send(sdk, 2);
      Await.until(Duration.ofSeconds(20), "2 spans at Tempo", () -> tempo.spanCount() == 2);
    }
  }

  @Test
  void refusesATempoSignedByAnotherCa() throws Exception {
    try (TempoStub tempo = TempoStub.startTls(dir.resolve("server.crt"), dir.resolve("server.key"), null);
        TestRelay relay = relay(tempo, "      ca_file: " + dir.resolve("other-ca.crt"))) {
      assertNothingArrives(tempo, relay);
    }
  }

  /** The control for the client-certificate test: the stub really refuses a relay without one. */
  @Test
  void withoutAClientCertificateATempoThatRequiresOneGetsNothing() throws Exception {
    try (TempoStub tempo = TempoStub.startTls(dir.resolve("server.crt"), dir.resolve("server.key"),
            dir.resolve("ca.crt"));
        TestRelay relay = relay(tempo, "      ca_file: " + dir.resolve("ca.crt"))) {
      assertNothingArrives(tempo, relay);
    }
  }

  private static void assertNothingArrives(TempoStub tempo, TestRelay relay) throws Exception {
    try (Sdk sdk = new Sdk(relay.grpcPort("otlp"))) {
      send(sdk, 1);
      Await.until(Duration.ofSeconds(20), "retries after failed handshakes",
          () -> relay.counter("relay.exporter.retries") >= 2);
    }
    assertThat(tempo.calls()).isZero();
    assertThat(tempo.spanCount()).isZero();
  }
}
