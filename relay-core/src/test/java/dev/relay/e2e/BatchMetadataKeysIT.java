package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRelay;
import dev.relay.testing.TestTraces;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code include_metadata} on the receiver and {@code metadata_keys} on {@code batch}, as a multi-tenant Collector
 * has them: spans of clients that send different {@code X-Tenant} headers, over gRPC (the real SDK) and HTTP, reach
 * Tempo in batches of one tenant each, whatever the order in which they arrive.
 */
class BatchMetadataKeysIT {
  @Test
  void eachTenantIsBatchedApart() throws Exception {
    try (TempoStub tempo = TempoStub.start();
        TestRelay relay = TestRelay.start(new TestConfig()
            .receiver("otlp", """
                protocols:
                  grpc:
                    endpoint: 127.0.0.1:0
                    include_metadata: true
                  http:
                    endpoint: 127.0.0.1:0
                    include_metadata: true
                """)
            .processor("batch", """
                timeout: 200ms
                send_batch_size: 1000
                metadata_keys: [x-tenant]
                """)
            .otlpExporter("otlp/tempo", tempo)
            .pipeline("traces", List.of("otlp"), List.of("batch"), List.of("otlp/tempo")))) {
      for (String tenant : List.of("a", "b")) {
        OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + relay.grpcPort("otlp")).addHeader("X-Tenant", tenant).build();
        try (SdkTracerProvider sdk = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
          for (int i = 0; i < 3; i++) {
            sdk.get("t").spanBuilder(tenant + "-grpc-" + i).startSpan().end();
          }
          assertThat(sdk.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        }
        postOverHttp(relay.httpPort("otlp"), tenant, tenant + "-http");
      }
      Await.until(Duration.ofSeconds(20), "8 spans at Tempo", () -> tempo.spanCount() == 8);
      List<List<String>> batches = new ArrayList<>();
      tempo.requests().forEach(r -> {
        List<String> names = new ArrayList<>();
        for (ResourceSpans rs : r.getResourceSpansList()) {
          for (ScopeSpans ss : rs.getScopeSpansList()) {
            ss.getSpansList().forEach(s -> names.add(s.getName()));
          }
        }
        batches.add(names);
      });
      // Each request to Tempo holds one tenant's spans; how many requests depends on when the timer fell due.
      List<String> a = new ArrayList<>();
      List<String> b = new ArrayList<>();
      for (List<String> batch : batches) {
        assertThat(batch).as("one tenant per batch: %s", batches)
            .satisfiesAnyOf(names -> assertThat(names).allMatch(n -> n.startsWith("a-")),
                names -> assertThat(names).allMatch(n -> n.startsWith("b-")));
        (batch.get(0).startsWith("a-") ? a : b).addAll(batch);
      }
      assertThat(a).containsExactlyInAnyOrder("a-grpc-0", "a-grpc-1", "a-grpc-2", "a-http");
      assertThat(b).containsExactlyInAnyOrder("b-grpc-0", "b-grpc-1", "b-grpc-2", "b-http");
      assertThat(relay.meters().get("relay.processor.batch.metadata.cardinality").gauge().value()).isEqualTo(2);
    }
  }

  private static void postOverHttp(int port, String tenant, String spanName) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<byte[]> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
        .header("Content-Type", "application/x-protobuf").header("X-Tenant", tenant)
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofByteArray(TestTraces.request(spanName).toByteArray())).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(res.statusCode()).isEqualTo(200);
  }

}
