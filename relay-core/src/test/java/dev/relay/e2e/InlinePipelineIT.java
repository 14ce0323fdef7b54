package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.component.ComponentId;
import dev.relay.component.PipelineId;
import dev.relay.consumer.Capabilities;
import dev.relay.otlp.OtlpGrpcMethods;
import dev.relay.otlp.Signal;
import dev.relay.testing.Await;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestLogs;
import dev.relay.testing.TestRelay;
import dev.relay.testing.TestTraces;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Where the pipeline runs: on the Netty event loop that read the request when nothing on it may block (the default
 * in-memory sending queue), and on the receiver's pool when something may (here {@code sending_queue.enabled:
 * false}), so that a destination that stalls one call stalls no other connection. A reload that changes the
 * pipeline behind a kept receiver changes where its calls run. The thread is seen by a tap on the pipeline, which
 * runs where the pipeline does.
 */
class InlinePipelineIT {
  private static final int SPANS_PER_REQUEST = 3;
  private static final Pattern GRPC_LOOP = Pattern.compile("relay-otlp-grpc-io-\\d+-\\d+");
  private static final Pattern GRPC_POOL = Pattern.compile("relay-otlp-grpc-\\d+");
  private static final Pattern HTTP_LOOP = Pattern.compile("relay-otlp-http-io-\\d+-\\d+");
  private static final Pattern HTTP_POOL = Pattern.compile("relay-otlp-http-\\d+");
  private static final ComponentId OTLP = ComponentId.parse("otlp");
  private static final String SYNC = """
      timeout: 30s
      sending_queue: {enabled: false}
      """;

  private static TestConfig relay(TempoStub tempo, String exporterSettings) {
    return new TestConfig()
        .receiver("otlp", """
            protocols:
              grpc: {endpoint: %s}
              http: {endpoint: %s}
            """.formatted(TestConfig.ANY_PORT, TestConfig.ANY_PORT))
        .otlpExporter("otlp", tempo, exporterSettings)
        .exporter("nop", "")
        .pipeline("traces", List.of("otlp"), List.of("otlp"))
        .pipeline("logs", List.of("otlp"), List.of("nop"));
  }

  /** The names of the threads the {@code signal} pipeline ran on, one per batch, from now on. */
  private static List<String> watch(TestRelay relay, Signal signal) {
    List<String> threads = new CopyOnWriteArrayList<>();
    relay.graph().tap(new PipelineId(signal, "")).attach(batch -> threads.add(Thread.currentThread().getName()));
    return threads;
  }

  private static byte[] traces(String prefix) {
    Span.Builder[] spans = new Span.Builder[SPANS_PER_REQUEST];
    for (int i = 0; i < spans.length; i++) {
      spans[i] = TestTraces.spanWithIds(prefix + i);
    }
    return TestTraces.request(spans).toByteArray();
  }

  private static byte[] logs() {
    return TestLogs.request(TestLogs.record("probe")).toByteArray();
  }

  private static String basic(String userAndPassword) {
    return "Basic " + java.util.Base64.getEncoder().encodeToString(
        userAndPassword.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static ManagedChannel channel(int port) {
    return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  private static void exportTraces(ManagedChannel channel, byte[] request) {
    ClientCalls.blockingUnaryCall(channel, OtlpGrpcMethods.TRACE_EXPORT,
        CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), request);
  }

  private static HttpResponse<String> post(HttpClient client, int port, String path, byte[] body) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/x-protobuf")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** One client per connection: each has its own connection pool. */
  private static HttpClient http() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  private static void assertAllMatch(List<String> threads, int count, Pattern pattern) {
    assertThat(threads).hasSize(count).allSatisfy(t -> assertThat(t).matches(pattern));
  }

  @Test
  void withTheDefaultQueueEveryCallRunsOnTheEventLoopAndEverySpanArrives() throws Exception {
    try (TempoStub tempo = TempoStub.start(); TestRelay relay = TestRelay.start(relay(tempo, ""))) {
      assertThat(relay.graph().receiverCapabilities(OTLP)).isEqualTo(Capabilities.NEVER_BLOCKS);
      List<String> threads = watch(relay, Signal.TRACES);
      List<ManagedChannel> channels = List.of(channel(relay.grpcPort("otlp")), channel(relay.grpcPort("otlp")));
      try {
        for (int i = 0; i < 20; i++) {
          exportTraces(channels.get(i % 2), traces("grpc-" + i + "-"));
        }
      } finally {
        channels.forEach(ManagedChannel::shutdownNow);
      }
      assertAllMatch(threads, 20, GRPC_LOOP);
      threads.clear();

      HttpClient client = http();
      for (int i = 0; i < 20; i++) {
        assertThat(post(client, relay.httpPort("otlp"), "/v1/traces", traces("http-" + i + "-")).statusCode())
            .isEqualTo(200);
      }
      assertAllMatch(threads, 20, HTTP_LOOP);

      Await.until(Duration.ofSeconds(10), "every span at Tempo", () -> tempo.spanCount() == 40 * SPANS_PER_REQUEST);
      assertThat(tempo.spanCount()).isEqualTo(40 * SPANS_PER_REQUEST);
      assertThat(relay.counter("relay.receiver.accepted.spans")).isEqualTo(40.0 * SPANS_PER_REQUEST);
    }
  }

  /**
   * With a synchronous exporter, a call waits for Tempo; Tempo holds it. Meanwhile more connections than the
   * receiver has event loops (so at least one shares the stalled call's loop) each complete a call.
   */
  @Test
  void overGrpcAPipelineThatMayBlockRunsOnThePoolAndAStalledCallStallsNoOtherConnection() throws Exception {
    try (TempoStub tempo = TempoStub.start(); TestRelay relay = TestRelay.start(relay(tempo, SYNC))) {
      assertThat(relay.graph().receiverCapabilities(OTLP)).isEqualTo(Capabilities.MAY_BLOCK);
      List<String> threads = watch(relay, Signal.TRACES);
      int port = relay.grpcPort("otlp");
      ManagedChannel stalled = channel(port);
      List<ManagedChannel> others = new ArrayList<>();
      tempo.hold();
      try {
        CompletableFuture<ExportTraceServiceResponse> held = CompletableFuture.supplyAsync(() ->
            ClientCalls.blockingUnaryCall(stalled, OtlpGrpcMethods.TRACE_EXPORT,
                CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS), traces("held-")));
        Await.until(Duration.ofSeconds(10), "the held call in the pipeline", () -> threads.size() == 1);
        int loops = 2 * Runtime.getRuntime().availableProcessors(); // GrpcTransport's workers: Netty's default
        for (int i = 0; i <= loops; i++) {
          ManagedChannel c = channel(port);
          others.add(c);
          ClientCalls.blockingUnaryCall(c, OtlpGrpcMethods.LOGS_EXPORT,
              CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), logs());
        }
        assertThat(held).as("the call Tempo holds").isNotDone();
        tempo.release();
        held.get(30, TimeUnit.SECONDS);
      } finally {
        tempo.release();
        stalled.shutdownNow();
        others.forEach(ManagedChannel::shutdownNow);
      }
      assertAllMatch(threads, 1, GRPC_POOL);
      assertThat(tempo.spanCount()).isEqualTo(SPANS_PER_REQUEST);
      assertThat(relay.counter("relay.receiver.accepted.log.records")).isEqualTo(
          2.0 * Runtime.getRuntime().availableProcessors() + 1);
    }
  }

  @Test
  void overHttpAPipelineThatMayBlockRunsOnThePoolAndAStalledCallStallsNoOtherConnection() throws Exception {
    try (TempoStub tempo = TempoStub.start(); TestRelay relay = TestRelay.start(relay(tempo, SYNC))) {
      List<String> threads = watch(relay, Signal.TRACES);
      int port = relay.httpPort("otlp");
      tempo.hold();
      try {
        CompletableFuture<HttpResponse<String>> held = http().sendAsync(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(traces("held-"))).build(),
            HttpResponse.BodyHandlers.ofString());
        Await.until(Duration.ofSeconds(10), "the held request in the pipeline", () -> threads.size() == 1);
        int loops = 4; // OtlpHttpReceiver's event loops: at most 4
        for (int i = 0; i <= loops; i++) {
          assertThat(post(http(), port, "/v1/logs", logs()).statusCode()).isEqualTo(200);
        }
        assertThat(held).as("the request Tempo holds").isNotDone();
        tempo.release();
        assertThat(held.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      } finally {
        tempo.release();
      }
      assertAllMatch(threads, 1, HTTP_POOL);
      assertThat(tempo.spanCount()).isEqualTo(SPANS_PER_REQUEST);
      assertThat(relay.counter("relay.receiver.accepted.log.records")).isEqualTo(5.0);
    }
  }

  /** The receiver is kept across the reloads (same settings); the pipeline behind it changes, and so does the mode. */
  @Test
  void aReloadToAPipelineThatMayBlockAndBackMovesTheCallsOffTheEventLoopAndBack() throws Exception {
    try (TempoStub tempo = TempoStub.start(); TestRelay relay = TestRelay.start(relay(tempo, ""))) {
      List<String> threads = watch(relay, Signal.TRACES);
      int grpcPort = relay.grpcPort("otlp");
      int httpPort = relay.httpPort("otlp");
      ManagedChannel channel = channel(grpcPort);
      HttpClient client = http();
      try {
        exportTraces(channel, traces("before-"));
        assertThat(post(client, httpPort, "/v1/traces", traces("before-http-")).statusCode()).isEqualTo(200);
        assertThat(threads).hasSize(2);
        assertThat(threads.get(0)).matches(GRPC_LOOP);
        assertThat(threads.get(1)).matches(HTTP_LOOP);

        relay.graph().reload(relay(tempo, SYNC).load().graph(), Duration.ofSeconds(5));
        assertThat(relay.grpcPort("otlp")).as("the receiver was kept").isEqualTo(grpcPort);
        assertThat(relay.graph().receiverCapabilities(OTLP)).isEqualTo(Capabilities.MAY_BLOCK);
        threads.clear();
        exportTraces(channel, traces("sync-"));
        assertThat(post(client, httpPort, "/v1/traces", traces("sync-http-")).statusCode()).isEqualTo(200);
        assertThat(threads).hasSize(2);
        assertThat(threads.get(0)).matches(GRPC_POOL);
        assertThat(threads.get(1)).matches(HTTP_POOL);

        relay.graph().reload(relay(tempo, "").load().graph(), Duration.ofSeconds(5));
        assertThat(relay.graph().receiverCapabilities(OTLP)).isEqualTo(Capabilities.NEVER_BLOCKS);
        threads.clear();
        exportTraces(channel, traces("after-"));
        assertThat(post(client, httpPort, "/v1/traces", traces("after-http-")).statusCode()).isEqualTo(200);
        assertThat(threads).hasSize(2);
        assertThat(threads.get(0)).matches(GRPC_LOOP);
        assertThat(threads.get(1)).matches(HTTP_LOOP);
      } finally {
        channel.shutdownNow();
      }
      Await.until(Duration.ofSeconds(10), "every span at Tempo", () -> tempo.spanCount() == 6 * SPANS_PER_REQUEST);
      assertThat(relay.counter("relay.receiver.accepted.spans")).isEqualTo(6.0 * SPANS_PER_REQUEST);
    }
  }

  /**
   * A credential that needs bcrypt is checked on the pool, never on an event loop; once it passed it is remembered,
   * and the same client's next calls run on the event loop.
   */
  @Test
  void aCredentialThatNeedsBcryptIsCheckedOnThePoolAndLaterCallsRunOnTheEventLoop() throws Exception {
    String alice = at.favre.lib.crypto.bcrypt.BCrypt.withDefaults().hashToString(6, "alice-pw".toCharArray());
    String carol = at.favre.lib.crypto.bcrypt.BCrypt.withDefaults().hashToString(6, "carol-pw".toCharArray());
    try (TempoStub tempo = TempoStub.start(); TestRelay relay = TestRelay.start(new TestConfig()
        .extension("basicauth/server", """
            htpasswd:
              inline: |
                alice:%s
                carol:%s
            """.formatted(alice, carol))
        .receiver("otlp", """
            protocols:
              grpc: {endpoint: %s, auth: {authenticator: basicauth/server}}
              http: {endpoint: %s, auth: {authenticator: basicauth/server}}
            """.formatted(TestConfig.ANY_PORT, TestConfig.ANY_PORT))
        .otlpExporter("otlp", tempo, "")
        .pipeline("traces", List.of("otlp"), List.of("otlp")))) {
      List<String> threads = watch(relay, Signal.TRACES);
      io.grpc.Metadata headers = new io.grpc.Metadata();
      headers.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
          basic("alice:alice-pw"));
      ManagedChannel channel = channel(relay.grpcPort("otlp"));
      try {
        io.grpc.Channel authenticated = io.grpc.ClientInterceptors.intercept(channel,
            io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers));
        for (int i = 0; i < 3; i++) {
          ClientCalls.blockingUnaryCall(authenticated, OtlpGrpcMethods.TRACE_EXPORT,
              CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), traces("grpc-" + i + "-"));
        }
      } finally {
        channel.shutdownNow();
      }
      assertThat(threads).hasSize(3);
      assertThat(threads.get(0)).matches(GRPC_POOL);
      assertThat(threads.subList(1, 3)).allSatisfy(t -> assertThat(t).matches(GRPC_LOOP));

      // Another user over HTTP: alice's credential is remembered now.
      threads.clear();
      HttpClient client = http();
      for (int i = 0; i < 2; i++) {
        assertThat(client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + relay.httpPort("otlp") + "/v1/traces"))
            .header("Content-Type", "application/x-protobuf").header("Authorization", basic("carol:carol-pw"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(traces("http-" + i + "-"))).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      }
      assertThat(threads).hasSize(2);
      assertThat(threads.get(0)).matches(HTTP_POOL);
      assertThat(threads.get(1)).matches(HTTP_LOOP);
      Await.until(Duration.ofSeconds(10), "every span at Tempo", () -> tempo.spanCount() == 5 * SPANS_PER_REQUEST);
    }
  }
}
