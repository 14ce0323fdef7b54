package dev.relay.exporter.otlphttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.exporter.ExportException;
import dev.relay.otlp.Batch;
import dev.relay.otlp.TracesBatch;
import dev.relay.testing.ConfigFixture;
import dev.relay.testing.TestCerts;
import dev.relay.testing.TestTraces;
import dev.relay.testing.Tools;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter over HTTPS, against a stand-in that requires a client certificate signed by the test CA: verified by
 * {@code ca_file}, with {@code insecure_skip_verify}, and refused when the server's CA is not the one trusted.
 * Certificates are made with openssl.
 */
class OtlpHttpTlsIT {
  @TempDir
  static Path dir;
  private static HttpStandIn standIn;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Tools.onPath("openssl"), "needs openssl on PATH");
    TestCerts.make(dir);
    SSLContext server = ((JdkSslContext) SslContextBuilder
        .forServer(dir.resolve("server.crt").toFile(), dir.resolve("server.key").toFile())
        .sslProvider(SslProvider.JDK)
        .trustManager(dir.resolve("ca.crt").toFile())
        .build()).context();
    standIn = new HttpStandIn(server);
  }

  @AfterAll
  static void stop() {
    if (standIn != null) {
      standIn.close();
    }
  }

  /** The exporter's config from YAML, as a user writes it. */
  private static OtlpHttpExporterConfig config(String tls) throws Exception {
    return ConfigFixture.exporter(ConfigFixture.parse("""
        receivers:
          otlp:
            protocols:
              http:
        exporters:
          otlphttp:
            endpoint: %s
            tls: {%s, cert_file: %s, key_file: %s}
        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [otlphttp]
        """.formatted(standIn.url(), tls, dir.resolve("client.crt"), dir.resolve("client.key"))), "otlphttp");
  }

  private static void send(OtlpHttpExporterConfig config, Batch batch) throws Exception {
    OtlpHttpSender sender = new OtlpHttpSender(ComponentId.parse("otlphttp"), config,
        new TelemetrySettings(new SimpleMeterRegistry()));
    sender.start();
    try {
      sender.send(List.of(batch), Duration.ofSeconds(10)).get(20, TimeUnit.SECONDS);
    } finally {
      sender.shutdown(Duration.ZERO);
    }
  }

  @Test
  void aServerSignedByTheTrustedCaGetsTheBytes() throws Exception {
    TracesBatch batch = TracesBatch.fromWire(TestTraces.request(TestTraces.spanWithIds("secure")).toByteArray());
    int before = standIn.received().size();
    send(config("ca_file: " + dir.resolve("ca.crt")), batch);
    send(config("insecure_skip_verify: true, min_version: \"1.3\""), batch);
    assertThat(standIn.received()).hasSize(before + 2);
    assertThat(standIn.received().subList(before, before + 2))
        .allSatisfy(r -> assertThat(r.body()).isEqualTo(batch.bytes()));
  }

  @Test
  void aServerSignedByAnotherCaIsNotSentToAndTheFailureIsRetryable() throws Exception {
    TracesBatch batch = TracesBatch.fromWire(TestTraces.request(TestTraces.spanWithIds("secret")).toByteArray());
    int before = standIn.received().size();
    assertThatThrownBy(() -> send(config("ca_file: " + dir.resolve("other-ca.crt")), batch))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(ExportException.class)
        .satisfies(e -> assertThat(((ExportException) e).retryable()).isTrue());
    assertThat(standIn.received()).hasSize(before);
  }
}
