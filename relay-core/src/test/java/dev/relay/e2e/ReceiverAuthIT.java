package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.relay.otlp.OtlpGrpcMethods;
import dev.relay.testing.Await;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRelay;
import dev.relay.testing.TestTraces;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bearertokenauth} and {@code basicauth} on both protocols of the {@code otlp} receiver, with the
 * OpenTelemetry SDK's exporters as clients: accepted, refused (gRPC {@code UNAUTHENTICATED}, HTTP 401 with
 * {@code WWW-Authenticate}) and counted by reason; the basic-auth user readable with {@code from_context}; a token
 * file changed on disk taking effect without a restart.
 */
class ReceiverAuthIT {
  @TempDir
  Path dir;

  private static TestConfig relay(TempoStub tempo, String extensionId, String extension) {
    return new TestConfig()
        .extension(extensionId, extension)
        .receiver("otlp", """
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
                auth: {authenticator: %s}
              http:
                endpoint: 127.0.0.1:0
                auth: {authenticator: %s}
            """.formatted(extensionId, extensionId))
        .processor("attributes", """
            actions:
              - {key: client.user, from_context: auth.username, action: insert}
            """)
        .otlpExporter("otlp", tempo)
        .pipeline("traces", List.of("otlp"), List.of("attributes"), List.of("otlp"));
  }

  private static SpanExporter grpc(int port, Map<String, String> headers) {
    var b = Sdk.grpcExporter("http://127.0.0.1:" + port);
    headers.forEach(b::addHeader);
    return b.build();
  }

  private static SpanExporter http(int port, Map<String, String> headers) {
    var b = OtlpHttpSpanExporter.builder().setEndpoint("http://127.0.0.1:" + port + "/v1/traces")
        .setRetryPolicy(null).setTimeout(Duration.ofSeconds(10));
    headers.forEach(b::addHeader);
    return b.build();
  }

  private static void sendOne(SpanExporter exporter) {
    try (Sdk sdk = Sdk.with(exporter)) {
      sdk.tracer().spanBuilder("s").startSpan().end();
      sdk.flush();
    }
  }

  /** Each of {@code exporters} is refused. */
  private static void refused(SpanExporter... exporters) {
    for (SpanExporter e : exporters) {
      assertThatThrownBy(() -> sendOne(e)).isInstanceOf(AssertionError.class);
    }
  }

  /** A raw gRPC export with {@code authorization} (none: null); its status code. */
  private static Status.Code grpcStatus(int port, String authorization) throws Exception {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      Metadata headers = new Metadata();
      if (authorization != null) {
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
      }
      try {
        ClientCalls.blockingUnaryCall(
            io.grpc.ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)),
            OtlpGrpcMethods.TRACE_EXPORT, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
            TestTraces.request("s").toByteArray());
        return Status.Code.OK;
      } catch (StatusRuntimeException e) {
        return e.getStatus().getCode();
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static HttpResponse<String> httpPost(int port, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
        .header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(TestTraces.request("s").toByteArray()));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aBearerTokenIsRequiredOnBothProtocols() throws Exception {
    try (TempoStub tempo = TempoStub.start();
        TestRelay relay = TestRelay.start(relay(tempo, "bearertokenauth", "token: s3cret-token"))) {
      int g = relay.grpcPort("otlp");
      int h = relay.httpPort("otlp");
      Map<String, String> good = Map.of("Authorization", "Bearer s3cret-token");
      sendOne(grpc(g, good));
      sendOne(http(h, good));
      Await.until(Duration.ofSeconds(20), "two spans at Tempo", () -> tempo.spanCount() == 2);

      Map<String, String> wrong = Map.of("Authorization", "Bearer guess");
      refused(grpc(g, Map.of()), http(h, Map.of()), grpc(g, wrong), http(h, wrong));
      assertThat(grpcStatus(g, null)).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(grpcStatus(g, "Bearer guess")).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(grpcStatus(g, "Bearer s3cret-token")).isEqualTo(Status.Code.OK);
      HttpResponse<String> missing = httpPost(h, null);
      assertThat(missing.statusCode()).isEqualTo(401);
      assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"relay\"");
      assertThat(missing.body()).doesNotContain("s3cret");
      assertThat(httpPost(h, "Bearer guess").statusCode()).isEqualTo(401);
      assertThat(httpPost(h, "Bearer s3cret-token").statusCode()).isEqualTo(200);

      Await.until(Duration.ofSeconds(20), "four spans at Tempo", () -> tempo.spanCount() == 4);
      for (String transport : List.of("grpc", "http")) {
        // The SDK's refused export, and the raw one.
        assertThat(relay.counter("relay.receiver.unauthenticated.requests", "transport", transport,
            "reason", "missing_credentials")).as(transport).isEqualTo(2);
        assertThat(relay.counter("relay.receiver.unauthenticated.requests", "transport", transport,
            "reason", "invalid_credentials")).as(transport).isEqualTo(2);
      }
      assertThat(tempo.spans()).allSatisfy(s -> assertThat(s.getAttributesList())
          .noneMatch(kv -> kv.getKey().equals("client.user")));
    }
  }

  @Test
  void basicAuthChecksBcryptAndShaUsersAndTellsTheProcessorsWhoSent() throws Exception {
    String bcrypt = BCrypt.withDefaults().hashToString(6, "alice-pw".toCharArray());
    String sha = "{SHA}" + Base64.getEncoder().encodeToString(
        java.security.MessageDigest.getInstance("SHA-1").digest("bob-pw".getBytes(StandardCharsets.UTF_8)));
    Path file = Files.writeString(dir.resolve("htpasswd"), "bob:" + sha + "\n");
    String extension = """
        htpasswd:
          inline: |
            alice:%s
          file: %s
        """.formatted(bcrypt, file);
    try (TempoStub tempo = TempoStub.start();
        TestRelay relay = TestRelay.start(relay(tempo, "basicauth/server", extension))) {
      int g = relay.grpcPort("otlp");
      int h = relay.httpPort("otlp");
      sendOne(grpc(g, Map.of("Authorization", basic("alice", "alice-pw"))));
      sendOne(http(h, Map.of("Authorization", basic("alice", "alice-pw"))));
      sendOne(http(h, Map.of("Authorization", basic("alice", "alice-pw")))); // remembered: no bcrypt this time
      sendOne(grpc(g, Map.of("Authorization", basic("bob", "bob-pw"))));
      Await.until(Duration.ofSeconds(20), "four spans at Tempo", () -> tempo.spanCount() == 4);
      assertThat(tempo.spans().stream().map(ReceiverAuthIT::user).sorted())
          .containsExactly("alice", "alice", "alice", "bob");

      refused(grpc(g, Map.of("Authorization", basic("alice", "wrong"))),
          http(h, Map.of("Authorization", basic("alice", "wrong"))),
          http(h, Map.of("Authorization", basic("mallory", "x"))),
          grpc(g, Map.of()));
      HttpResponse<String> r = httpPost(h, basic("alice", "wrong"));
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"relay\", charset=\"UTF-8\"");
      assertThat(grpcStatus(g, basic("bob", "nope"))).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(relay.counter("relay.receiver.unauthenticated.requests", "reason", "invalid_credentials"))
          .isEqualTo(5);
      assertThat(relay.counter("relay.receiver.unauthenticated.requests", "reason", "missing_credentials"))
          .isEqualTo(1);
      assertThat(tempo.spanCount()).isEqualTo(4);
    }
  }

  private static String user(Span span) {
    return span.getAttributesList().stream().filter(kv -> kv.getKey().equals("client.user"))
        .map(kv -> kv.getValue().getStringValue()).findFirst().orElse("none");
  }

  @Test
  void aTokenFileChangedOnDiskTakesEffectWithoutARestart() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "first-token\n");
    try (TempoStub tempo = TempoStub.start();
        TestRelay relay = TestRelay.start(relay(tempo, "bearertokenauth", "filename: " + token))) {
      int h = relay.httpPort("otlp");
      assertThat(httpPost(h, "Bearer first-token").statusCode()).isEqualTo(200);
      Files.writeString(token, "second-token-longer\n");
      Await.until(Duration.ofSeconds(10), "the new token accepted", () -> status(h, "Bearer second-token-longer") == 200);
      assertThat(httpPost(h, "Bearer first-token").statusCode()).isEqualTo(401);
      assertThat(grpcStatus(relay.grpcPort("otlp"), "Bearer second-token-longer")).isEqualTo(Status.Code.OK);
    }
  }

  private static int status(int port, String authorization) {
    try {
      return httpPost(port, authorization).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }
}
