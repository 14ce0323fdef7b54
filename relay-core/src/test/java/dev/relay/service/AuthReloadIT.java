package dev.relay.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.relay.otlp.OtlpGrpcMethods;
import dev.relay.pipeline.ConfigDiff;
import dev.relay.testing.Await;
import dev.relay.testing.FreePorts;
import dev.relay.testing.LiveRelay;
import dev.relay.testing.Sdk;
import dev.relay.testing.SteadyLoad;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestTraces;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A reload that changes an auth extension applies it in place: under steady load from clients whose token stays
 * valid, a rotated token is accepted and the retired one refused on both protocols from the moment the reload
 * returns, while the receivers are kept and no client call fails.
 */
class AuthReloadIT {
  /**
   * Config "a" or "b" with bearer token auth on both protocols: both take the token {@code shared}, "a" also
   * {@code old}, "b" also {@code new}.
   */
  private static TestConfig tokens(String v, int grpcPort, int httpPort, TempoStub tempo) {
    return new TestConfig()
        .extension("bearertokenauth", "tokens: [shared, %s]\n".formatted(v.equals("a") ? "old" : "new"))
        .receiver("otlp", """
            protocols:
              grpc:
                endpoint: 127.0.0.1:%d
                auth: {authenticator: bearertokenauth}
              http:
                endpoint: 127.0.0.1:%d
                auth: {authenticator: bearertokenauth}
            """.formatted(grpcPort, httpPort))
        .otlpExporter("otlp", tempo, """
            sending_queue:
              queue_size: 100000
            """)
        .pipeline("traces", List.of("otlp"), List.of("otlp"));
  }

  @Test
  void aRotatedTokenIsInForceAfterTheReloadWhileClientsWithTheSharedOneSeeNoError() throws Exception {
    int grpcPort = FreePorts.next();
    int httpPort = FreePorts.next();
    try (TempoStub tempo = TempoStub.start();
        LiveRelay relay = new LiveRelay(tokens("a", grpcPort, httpPort, tempo));
        Sdk grpcSdk = Sdk.with(Sdk.grpcExporter("http://127.0.0.1:" + grpcPort)
            .addHeader("Authorization", "Bearer shared").build());
        Sdk httpSdk = Sdk.with(OtlpHttpSpanExporter.builder().setEndpoint("http://127.0.0.1:" + httpPort
            + "/v1/traces").addHeader("Authorization", "Bearer shared").setTimeout(Duration.ofSeconds(10))
            .setRetryPolicy(null).build())) {
      SteadyLoad load = SteadyLoad.start(20, grpcSdk, httpSdk);
      long probesAccepted = 0;
      for (int i = 0; i < 6; i++) {
        long before = tempo.spanCount();
        Await.until(Duration.ofSeconds(10), "spans flowing", () -> tempo.spanCount() > before + 200);
        String v = i % 2 == 0 ? "b" : "a";
        ReloadResult r = relay.reload(tokens(v, grpcPort, httpPort, tempo));
        assertThat(r.outcome()).as(String.valueOf(r.faults())).isEqualTo(ReloadResult.Outcome.SUCCESS);
        assertThat(r.diff().ids(ConfigDiff.Change.KEPT))
            .containsExactlyInAnyOrder("receiver otlp", "exporter otlp", "pipeline traces");
        String in = v.equals("a") ? "old" : "new";
        String out = v.equals("a") ? "new" : "old";
        assertThat(grpcExport(grpcPort, "Bearer " + in)).isEqualTo(Status.Code.OK);
        assertThat(grpcExport(grpcPort, "Bearer " + out)).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(httpExport(httpPort, "Bearer " + in)).isEqualTo(200);
        assertThat(httpExport(httpPort, "Bearer " + out)).isEqualTo(401);
        probesAccepted += 2;
      }
      long total = load.stop();
      grpcSdk.flush(); // fails if any export failed
      httpSdk.flush();
      Await.until(Duration.ofSeconds(30), "every span at Tempo", () -> tempo.spanCount() >= total + 2 * 6);
      Set<ByteString> ids = new HashSet<>();
      long sdkSpans = 0;
      for (var s : tempo.spans()) {
        if (s.getName().equals("s")) {
          sdkSpans++;
          ids.add(s.getSpanId());
        }
      }
      assertThat(sdkSpans).as("SDK spans at Tempo, no duplicates").isEqualTo(total);
      assertThat(ids).as("every SDK span exactly once").hasSize((int) total);
      assertThat(tempo.spanCount()).isEqualTo(total + probesAccepted);
      assertThat(relay.registry.scrape()).contains("relay_config_reload_total{result=\"success\"} 6.0");
    }
  }

  @Test
  void aTokenFromAnEnvironmentVariableIsRotatedThoughTheFilesDidNotChange() throws Exception {
    int httpPort = FreePorts.next();
    String yaml = new TestConfig()
        .extension("bearertokenauth", "token: ${env:TOKEN}\n")
        .receiver("otlp", "protocols: {http: {endpoint: 127.0.0.1:%d, auth: {authenticator: bearertokenauth}}}\n"
            .formatted(httpPort))
        .debugExporter()
        .pipeline("traces", List.of("otlp"), List.of("debug"))
        .yaml();
    RelayService service = new RelayService(
        new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
            io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT));
    try {
      service.start(dev.relay.testing.ConfigFixture.parse(yaml, java.util.Map.of("TOKEN", "one")));
      assertThat(httpExport(httpPort, "Bearer one")).isEqualTo(200);
      ReloadResult r = service.reload(dev.relay.testing.ConfigFixture.parse(yaml, java.util.Map.of("TOKEN", "two")));
      assertThat(r.outcome()).isEqualTo(ReloadResult.Outcome.SUCCESS);
      assertThat(httpExport(httpPort, "Bearer two")).isEqualTo(200);
      assertThat(httpExport(httpPort, "Bearer one")).isEqualTo(401);
    } finally {
      service.shutdown();
    }
  }

  /** A plaintext OTLP/gRPC export of one span with {@code authorization}; its status code. */
  private static Status.Code grpcExport(int port, String authorization) throws Exception {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      Metadata headers = new Metadata();
      headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
      ClientCalls.blockingUnaryCall(
          ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)),
          OtlpGrpcMethods.TRACE_EXPORT, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
          TestTraces.request("probe").toByteArray());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** A plaintext OTLP/HTTP export of one span with {@code authorization}; its status. */
  private static int httpExport(int port, String authorization) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/v1/traces"))
            .header("Content-Type", "application/x-protobuf")
            .header("Authorization", authorization)
            .POST(HttpRequest.BodyPublishers.ofByteArray(TestTraces.request("probe").toByteArray())).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
