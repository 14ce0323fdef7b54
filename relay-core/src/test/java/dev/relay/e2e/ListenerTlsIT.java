package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.relay.builtin.BuiltinComponents;
import dev.relay.config.YamlLoader;
import dev.relay.service.RelayConfigLoader;
import dev.relay.service.RelayService;
import dev.relay.testing.Await;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestCerts;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRelay;
import dev.relay.testing.Tools;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the listeners: the OTLP receiver's gRPC and HTTP protocols and the admin server, with certificates the
 * test makes with openssl and the OpenTelemetry SDK's exporters as clients. TLS only, mTLS accepted and refused, a
 * rotated certificate reaching new connections without a restart, and versions below the minimum refused.
 */
class ListenerTlsIT {
  @TempDir
  Path dir;

  @BeforeEach
  void certificates() throws Exception {
    assumeTrue(Tools.onPath("openssl"), "needs openssl on PATH");
    TestCerts.make(dir);
  }

  private String file(String name) {
    return dir.resolve(name).toString();
  }

  private byte[] bytes(String name) throws Exception {
    return Files.readAllBytes(dir.resolve(name));
  }

  /** The {@code tls} section of a listener with the test's server certificate, and {@code more} keys. */
  private String tls(String more) {
    return "tls: {cert_file: %s, key_file: %s%s}".formatted(file("server.crt"), file("server.key"),
        more.isEmpty() ? "" : ", " + more);
  }

  private static TestConfig relayConfig(TempoStub tempo, String tls) {
    return new TestConfig()
        .receiver("otlp", """
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
                %s
              http:
                endpoint: 127.0.0.1:0
                %s
            """.formatted(tls, tls))
        .otlpExporter("otlp", tempo)
        .pipeline("traces", List.of("otlp"), List.of("otlp"));
  }

  private static void sendOne(SpanExporter exporter) {
    try (Sdk sdk = Sdk.with(exporter)) {
      sdk.tracer().spanBuilder("s").startSpan().end();
      sdk.flush();
    }
  }

  private static OtlpHttpSpanExporter httpExporter(String url, byte[] ca, byte[] key, byte[] cert) {
    var b = OtlpHttpSpanExporter.builder().setEndpoint(url).setTimeout(Duration.ofSeconds(10)).setRetryPolicy(null);
    if (ca != null) {
      b.setTrustedCertificates(ca);
    }
    if (key != null) {
      b.setClientTls(key, cert);
    }
    return b.build();
  }

  private static SpanExporter grpcExporter(String url, byte[] ca, byte[] key, byte[] cert) {
    var b = Sdk.grpcExporter(url);
    if (ca != null) {
      b.setTrustedCertificates(ca);
    }
    if (key != null) {
      b.setClientTls(key, cert);
    }
    return b.build();
  }

  @Test
  void bothProtocolsServeTlsAndOnlyTls() throws Exception {
    try (TempoStub tempo = TempoStub.start(); TestRelay relay = TestRelay.start(relayConfig(tempo, tls("")))) {
      int grpc = relay.grpcPort("otlp");
      int http = relay.httpPort("otlp");
      byte[] ca = bytes("ca.crt");
      sendOne(grpcExporter("https://localhost:" + grpc, ca, null, null));
      sendOne(httpExporter("https://localhost:" + http + "/v1/traces", ca, null, null));
      Await.until(Duration.ofSeconds(20), "both spans at Tempo", () -> tempo.spanCount() == 2);

      assertThatThrownBy(() -> sendOne(grpcExporter("http://127.0.0.1:" + grpc, null, null, null)))
          .as("plaintext gRPC").isInstanceOf(AssertionError.class);
      assertThatThrownBy(() -> sendOne(httpExporter("http://127.0.0.1:" + http + "/v1/traces", null, null, null)))
          .as("plaintext HTTP").isInstanceOf(AssertionError.class);
      assertThatThrownBy(() -> sendOne(grpcExporter("https://localhost:" + grpc, bytes("other-ca.crt"), null, null)))
          .as("a client that does not trust the relay's CA").isInstanceOf(AssertionError.class);
      assertThat(tempo.spanCount()).isEqualTo(2);
    }
  }

  @Test
  void withClientCaFileOnlyClientsWithACertificateFromThatCaGetIn() throws Exception {
    TestCerts.client(dir, "stranger", "other-ca");
    try (TempoStub tempo = TempoStub.start();
        TestRelay relay = TestRelay.start(relayConfig(tempo, tls("client_ca_file: " + file("ca.crt"))))) {
      int grpc = relay.grpcPort("otlp");
      int http = relay.httpPort("otlp");
      byte[] ca = bytes("ca.crt");
      sendOne(grpcExporter("https://localhost:" + grpc, ca, bytes("client.key"), bytes("client.crt")));
      sendOne(httpExporter("https://localhost:" + http + "/v1/traces", ca, bytes("client.key"), bytes("client.crt")));
      Await.until(Duration.ofSeconds(20), "both spans at Tempo", () -> tempo.spanCount() == 2);

      for (String url : List.of("https://localhost:" + grpc, "https://localhost:" + http + "/v1/traces")) {
        boolean isGrpc = url.endsWith(Integer.toString(grpc));
        assertThatThrownBy(() -> sendOne(isGrpc ? grpcExporter(url, ca, null, null) : httpExporter(url, ca, null, null)))
            .as("no client certificate at " + url).isInstanceOf(AssertionError.class);
        byte[] key = bytes("stranger.key");
        byte[] cert = bytes("stranger.crt");
        assertThatThrownBy(() -> sendOne(isGrpc ? grpcExporter(url, ca, key, cert) : httpExporter(url, ca, key, cert)))
            .as("a certificate from another CA at " + url).isInstanceOf(AssertionError.class);
      }
      assertThat(tempo.spanCount()).isEqualTo(2);
    }
  }

  @Test
  void aCertificateRotatedOnDiskReachesNewConnectionsWithoutARestart() throws Exception {
    TestCerts.server(dir, "next");
    BigInteger first = TestCerts.serial(dir.resolve("server.crt"));
    BigInteger next = TestCerts.serial(dir.resolve("next.crt"));
    assertThat(next).isNotEqualTo(first);
    SSLContext client = TestCerts.trusting(dir.resolve("ca.crt"));
    try (TempoStub tempo = TempoStub.start();
        TestRelay relay = TestRelay.start(relayConfig(tempo, tls("reload_interval: 100ms")))) {
      int grpc = relay.grpcPort("otlp");
      int http = relay.httpPort("otlp");
      assertThat(TestCerts.serialPresentedAt(client, grpc)).isEqualTo(first);
      assertThat(TestCerts.serialPresentedAt(client, http)).isEqualTo(first);
      // As cert-manager does: the new files replace the old ones.
      Files.copy(dir.resolve("next.key"), dir.resolve("server.key"), StandardCopyOption.REPLACE_EXISTING);
      Files.copy(dir.resolve("next.crt"), dir.resolve("server.crt"), StandardCopyOption.REPLACE_EXISTING);
      for (int port : new int[] {grpc, http}) {
        Await.until(Duration.ofSeconds(10), "the new certificate on port " + port,
            () -> next.equals(presented(client, port)));
      }
      sendOne(grpcExporter("https://localhost:" + grpc, bytes("ca.crt"), null, null));
      Await.until(Duration.ofSeconds(20), "a span over the new certificate", () -> tempo.spanCount() == 1);
    }
  }

  /** The serial a new connection sees, or null when the handshake failed (e.g. mid-rotation). */
  private static BigInteger presented(SSLContext client, int port) {
    try {
      return TestCerts.serialPresentedAt(client, port);
    } catch (Exception e) {
      return null;
    }
  }

  @Test
  void versionsBelowTheMinimumAreRefused() throws Exception {
    SSLContext client = TestCerts.trusting(dir.resolve("ca.crt"));
    try (TempoStub tempo = TempoStub.start();
        TestRelay relay = TestRelay.start(relayConfig(tempo, tls("")));
        TestRelay only13 = TestRelay.start(relayConfig(tempo, tls("min_version: \"1.3\"")))) {
      int grpc = relay.grpcPort("otlp");
      assertThat(TestCerts.serialPresentedAt(client, grpc, "TLSv1.2")).isNotNull();
      assertThatThrownBy(() -> TestCerts.serialPresentedAt(client, only13.grpcPort("otlp"), "TLSv1.2"))
          .isInstanceOf(SSLHandshakeException.class);
      assertThatThrownBy(() -> TestCerts.serialPresentedAt(client, only13.httpPort("otlp"), "TLSv1.2"))
          .isInstanceOf(SSLHandshakeException.class);
      // The JDK's client will not offer TLS 1.1 at all; openssl will, with its security level lowered.
      for (int port : new int[] {grpc, relay.httpPort("otlp")}) {
        assertThat(openssl(port, "-tls1_2")).as("TLS 1.2 handshake on " + port).isZero();
        assertThat(openssl(port, "-tls1_1")).as("TLS 1.1 handshake on " + port).isNotZero();
      }
    }
  }

  /** The exit code of an openssl handshake with the relay on {@code port} in one TLS version. */
  private int openssl(int port, String version) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port, version,
        "-cipher", "DEFAULT@SECLEVEL=0", "-CAfile", file("ca.crt"), "-verify_return_error"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("s_client" + version + ".log").toFile()).start();
    p.getOutputStream().close(); // EOF on stdin: s_client ends after the handshake
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("openssl s_client ends").isTrue();
    return p.exitValue();
  }

  @Test
  void theAdminServerServesTls() throws Exception {
    try (TempoStub tempo = TempoStub.start()) {
      String yaml = new TestConfig()
          .otlpReceiver()
          .otlpExporter("otlp", tempo)
          .service("""
              admin:
                endpoint: 127.0.0.1:0
                %s
              """.formatted(tls("reload_interval: 1h")))
          .pipeline("traces", List.of("otlp"), List.of("otlp"))
          .yaml();
      var config = new RelayConfigLoader(BuiltinComponents.all(), new YamlLoader(Map.<String, String>of()::get))
          .parse("test.yaml", yaml);
      RelayService service = new RelayService(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
      try {
        service.start(config);
        int port = service.adminPort();
        HttpClient https = HttpClient.newBuilder().sslContext(TestCerts.trusting(dir.resolve("ca.crt"))).build();
        HttpResponse<String> health = https.send(HttpRequest.newBuilder(
            URI.create("https://localhost:" + port + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok\n");
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/healthz")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString())).as("plaintext").isInstanceOf(java.io.IOException.class);
        assertThat(service.describe()).anyMatch(line -> line.startsWith("admin HTTPS on 127.0.0.1:"));
      } finally {
        service.shutdown(Duration.ofSeconds(5));
      }
    }
  }
}
