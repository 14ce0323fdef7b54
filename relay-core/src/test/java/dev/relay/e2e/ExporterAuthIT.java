package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRelay;
import io.grpc.Metadata;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code auth: {authenticator: <id>}} on the {@code otlp} and {@code otlphttp} exporters: the gRPC exporter sends
 * a bearer token to the Tempo stand-in, and the HTTP exporter authenticates with basic auth to a second relay whose
 * receiver checks it (and names the user to its pipeline).
 */
class ExporterAuthIT {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  @Test
  void theOtlpExporterSendsTheBearerToken() throws Exception {
    try (TempoStub tempo = TempoStub.start();
        TestRelay relay = TestRelay.start(new TestConfig()
            .extension("bearertokenauth/tempo", "token: tempo-token")
            .otlpReceiver()
            .otlpExporter("otlp", tempo, "auth: {authenticator: bearertokenauth/tempo}\n")
            .pipeline("traces", List.of("otlp"), List.of("otlp")));
        Sdk sdk = new Sdk(relay.grpcPort("otlp"))) {
      sdk.tracer().spanBuilder("s").startSpan().end();
      sdk.flush();
      Await.until(Duration.ofSeconds(20), "a span at Tempo", () -> tempo.spanCount() == 1);
      assertThat(tempo.headers()).extracting(h -> h.get(AUTHORIZATION)).containsOnly("Bearer tempo-token");
    }
  }

  @Test
  void theOtlpHttpExporterAuthenticatesWithBasicAuth() throws Exception {
    try (TempoStub tempo = TempoStub.start();
        TestRelay gateway = TestRelay.start(new TestConfig()
            .extension("basicauth/server", """
                htpasswd:
                  inline: |
                    edge:edge-password
                """)
            .receiver("otlp", """
                protocols:
                  http:
                    endpoint: 127.0.0.1:0
                    auth: {authenticator: basicauth/server}
                """)
            .processor("attributes", "actions: [{key: sender, from_context: auth.username, action: insert}]\n")
            .otlpExporter("otlp", tempo)
            .pipeline("traces", List.of("otlp"), List.of("attributes"), List.of("otlp")))) {
      String gatewayUrl = "http://127.0.0.1:" + gateway.httpPort("otlp");
      try (TestRelay edge = TestRelay.start(new TestConfig()
              .extension("basicauth/client", "client_auth: {username: edge, password: edge-password}\n")
              .otlpReceiver()
              .exporter("otlphttp", """
                  endpoint: %s
                  auth: {authenticator: basicauth/client}
                  """.formatted(gatewayUrl))
              .pipeline("traces", List.of("otlp"), List.of("otlphttp")));
          TestRelay stranger = TestRelay.start(new TestConfig()
              .otlpReceiver()
              .exporter("otlphttp", """
                  endpoint: %s
                  retry_on_failure: {enabled: false}
                  """.formatted(gatewayUrl))
              .pipeline("traces", List.of("otlp"), List.of("otlphttp")))) {
        try (Sdk sdk = new Sdk(edge.grpcPort("otlp"))) {
          sdk.tracer().spanBuilder("from-edge").startSpan().end();
          sdk.flush();
        }
        Await.until(Duration.ofSeconds(20), "the edge's span at Tempo", () -> tempo.spanCount() == 1);
        assertThat(tempo.spans().get(0).getAttributesList()).anySatisfy(kv -> {
          assertThat(kv.getKey()).isEqualTo("sender");
          assertThat(kv.getValue().getStringValue()).isEqualTo("edge");
        });
        try (Sdk sdk = new Sdk(stranger.grpcPort("otlp"))) {
          sdk.tracer().spanBuilder("from-stranger").startSpan().end();
          sdk.flush();
        }
        Await.until(Duration.ofSeconds(20), "the stranger refused", () -> gateway.counter(
            "relay.receiver.unauthenticated.requests", "reason", "missing_credentials") == 1);
        assertThat(tempo.spanCount()).isEqualTo(1);
      }
    }
  }
}
