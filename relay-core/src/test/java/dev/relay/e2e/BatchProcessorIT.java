package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.otlp.OtlpGrpcMethods;
import dev.relay.testing.Await;
import dev.relay.testing.KeyValues;
import dev.relay.testing.RedisSubscriber;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRedis;
import dev.relay.testing.TestRelay;
import dev.relay.testing.TestTraces;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The batch processor in a running relay, sent to by a real gRPC client: Tempo (the stand-in) gets batches of the
 * configured size and a partial one after the timeout; a Redis route behind it publishes within the timeout; and
 * shutdown hands on what it holds, or counts it.
 */
class BatchProcessorIT {
  private static final String DROPPED = "relay.processor.batch.dropped.spans";
  private static TestRedis redis;
  private TempoStub tempo;
  private TestRelay relay;
  private ManagedChannel client;

  @BeforeAll
  static void redis() {
    redis = TestRedis.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.shutdownNow();
    }
    if (relay != null) {
      relay.close();
    }
    if (tempo != null) {
      tempo.close();
    }
  }

  private void send(ExportTraceServiceRequest request) {
    if (client == null) {
      client = ManagedChannelBuilder.forAddress("127.0.0.1", relay.grpcPort("otlp")).usePlaintext().build();
    }
    ClientCalls.blockingUnaryCall(client, OtlpGrpcMethods.TRACE_EXPORT,
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request.toByteArray());
  }

  /** Sends {@code requests} requests of {@code perRequest} spans, named {@code prefix<request>-<span>}. */
  private void send(String prefix, int requests, int perRequest) {
    for (int r = 0; r < requests; r++) {
      send(TestTraces.request(TestTraces.spans(prefix + r + "-", perRequest)));
    }
  }

  private static List<String> names(String prefix, int requests, int perRequest) {
    List<String> out = new ArrayList<>();
    for (int r = 0; r < requests; r++) {
      for (int i = 0; i < perRequest; i++) {
        out.add(prefix + r + "-" + i);
      }
    }
    return out;
  }

  private static int spanCount(ExportTraceServiceRequest request) {
    int n = 0;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        n += ss.getSpansCount();
      }
    }
    return n;
  }

  @Test
  void tempoGetsBatchesOfTheConfiguredSizeAndAPartialOneAfterTheTimeout() throws Exception {
    tempo = TempoStub.start();
    relay = TestRelay.start(new TestConfig()
        .otlpReceiver()
        .processor("batch", """
            timeout: 500ms
            send_batch_size: 100
            """)
        .otlpExporter("otlp", tempo)
        .pipeline("traces", List.of("otlp"), List.of("batch"), List.of("otlp")));

    send("a", 10, 10);
    Await.until(Duration.ofSeconds(10), "the first full batch", () -> tempo.requests().size() == 1);
    send("b", 10, 10);
    Await.until(Duration.ofSeconds(10), "the second full batch", () -> tempo.requests().size() == 2);
    long partialStart = System.nanoTime();
    send("c", 5, 10);
    Await.until(Duration.ofSeconds(10), "the partial batch", () -> tempo.requests().size() == 3);
    long partialArrival = tempo.arrivals().get(2);

    assertThat(tempo.requests()).extracting(BatchProcessorIT::spanCount).containsExactly(100, 100, 50);
    assertThat(tempo.requests().get(0).getResourceSpansCount()).as("ten client requests, one Tempo request")
        .isEqualTo(10);
    long waitedMs = TimeUnit.NANOSECONDS.toMillis(partialArrival - partialStart);
    System.out.printf("BatchProcessorIT: the partial batch reached Tempo %d ms after its first request"
        + " (timeout 500ms)%n", waitedMs);
    assertThat(waitedMs).isGreaterThanOrEqualTo(500).isLessThan(2_000);
    List<String> expected = new ArrayList<>(names("a", 10, 10));
    expected.addAll(names("b", 10, 10));
    expected.addAll(names("c", 5, 10));
    assertThat(tempo.spans()).extracting(Span::getName).containsExactlyElementsOf(expected);
    assertThat(relay.counter("relay.processor.batch.batch.size.trigger.send")).isEqualTo(2);
    assertThat(relay.counter("relay.processor.batch.timeout.trigger.send")).isEqualTo(1);
    assertThat(relay.counter("relay.exporter.sent.spans")).isEqualTo(250);
  }

  /**
   * send_batch_max_size as the Collector: batches above it are split, the rest held for the next; Tempo never gets
   * more than the maximum in one request (the exporter's batch.max_size keeps it from merging two of them).
   */
  @Test
  void tempoGetsNoBatchAboveTheMaxSize() throws Exception {
    tempo = TempoStub.start();
    relay = TestRelay.start(new TestConfig()
        .otlpReceiver()
        .processor("batch", """
            timeout: 300ms
            send_batch_size: 500
            send_batch_max_size: 500
            """)
        .otlpExporter("otlp", tempo, """
            batch:
              max_size: 500
            """)
        .pipeline("traces", List.of("otlp"), List.of("batch"), List.of("otlp")));

    send("a", 3, 400); // 400 held; 800: 500 on, 300 held; 700: 500 on, 200 held until the timeout
    Await.until(Duration.ofSeconds(10), "1,200 spans at Tempo", () -> tempo.spanCount() == 1200);
    // The exporter's senders may deliver the two full batches in either order.
    assertThat(tempo.requests()).extracting(BatchProcessorIT::spanCount).containsExactlyInAnyOrder(500, 500, 200);
    assertThat(tempo.spans()).extracting(Span::getName).containsExactlyInAnyOrderElementsOf(names("a", 3, 400));
    String joined = String.join(",", names("a", 3, 400)) + ",";
    for (ExportTraceServiceRequest request : tempo.requests()) {
      List<String> inRequest = new ArrayList<>();
      request.getResourceSpansList().forEach(rs -> rs.getScopeSpansList()
          .forEach(ss -> ss.getSpansList().forEach(sp -> inRequest.add(sp.getName()))));
      assertThat(joined).as("each request is a run of the spans in the order sent")
          .contains(String.join(",", inRequest) + ",");
    }
    assertThat(relay.counter("relay.processor.batch.batch.size.trigger.send")).isEqualTo(2);
    assertThat(relay.counter("relay.processor.batch.timeout.trigger.send")).isEqualTo(1);
  }

  @Test
  void concurrentClientsLoseNothingAndDuplicateNothing() throws Exception {
    tempo = TempoStub.start();
    relay = TestRelay.start(new TestConfig()
        .otlpReceiver()
        .processor("batch", """
            timeout: 50ms
            send_batch_size: 100
            """)
        .otlpExporter("otlp", tempo)
        .pipeline("traces", List.of("otlp"), List.of("batch"), List.of("otlp")));
    send(TestTraces.request(TestTraces.spans("warm-", 1)));
    int threads = 4;
    int requests = 200;
    int perRequest = 3;
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String prefix = "t" + t + "-";
      Thread sender = new Thread(() -> send(prefix, requests, perRequest));
      senders.add(sender);
      sender.start();
    }
    for (Thread sender : senders) {
      sender.join(30_000);
    }
    int total = 1 + threads * requests * perRequest;
    Await.until(Duration.ofSeconds(20), total + " spans at Tempo", () -> tempo.spanCount() >= total);

    List<String> expected = new ArrayList<>(List.of("warm-0"));
    for (int t = 0; t < threads; t++) {
      expected.addAll(names("t" + t + "-", requests, perRequest));
    }
    assertThat(tempo.spans()).extracting(Span::getName).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(relay.counter(DROPPED)).isZero();
    double batches = relay.counter("relay.processor.batch.batch.size.trigger.send")
        + relay.counter("relay.processor.batch.timeout.trigger.send");
    System.out.printf("BatchProcessorIT: %d requests of %d spans from %d clients became %.0f batches and %d Tempo"
        + " requests%n", 1 + threads * requests, perRequest, threads, batches, tempo.requests().size());
    assertThat(batches).isLessThan(1 + threads * requests);
  }

  @Test
  void aRedisRouteBehindBatchPublishesWithinTheTimeout() throws Exception {
    tempo = TempoStub.start();
    relay = TestRelay.start(new TestConfig()
        .otlpReceiver()
        .processor("batch", "timeout: 100ms\n")
        .otlpExporter("otlp", tempo)
        .redisExporter("redis", redis, """
            routes:
              - match: 'name == "tick"'
                channel: batch:latency
                payload:
                  n: attributes["n"]
            """)
        .pipeline("traces", List.of("otlp"), List.of("batch"), List.of("otlp", "redis")));
    Await.until(Duration.ofSeconds(10), "the Redis exporter connected",
        () -> "connected".equals(relay.graph().states().get("exporter/redis")));
    try (RedisSubscriber subscriber = RedisSubscriber.channels(redis.uri(), "batch:latency")) {
      int rounds = 6; // the first warms up the connection and is not measured
      List<Long> latenciesMs = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        int n = i;
        long sent = System.nanoTime();
        send(TestTraces.request(TestTraces.spanWithIds("op-" + i)
            .addEvents(TestTraces.event("tick", KeyValues.kv("n", (long) i)))));
        Await.until(Duration.ofSeconds(10), "message " + i, () -> subscriber.messages().size() == n + 1);
        if (i > 0) {
          latenciesMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
        }
      }
      System.out.printf("BatchProcessorIT: span sent -> Redis subscriber, batch timeout 100ms: %s ms%n",
          latenciesMs);
      assertThat(subscriber.payloads()).containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}",
          "{\"n\":4}", "{\"n\":5}");
      // Held by the batch for its timeout (a single span never fills 8192), then published at once. The margin
      // covers the poll (10 ms), the gRPC call and a loaded CI machine.
      assertThat(latenciesMs).allSatisfy(ms -> assertThat(ms).isBetween(100L, 100L + 250L));
    }
    Await.until(Duration.ofSeconds(10), "every span at Tempo", () -> tempo.spanCount() == 6);
  }

  @Test
  void shutdownHandsWhatTheBatchHoldsToTempo() throws Exception {
    tempo = TempoStub.start();
    relay = TestRelay.start(new TestConfig()
        .otlpReceiver()
        .processor("batch", """
            timeout: 1h
            send_batch_size: 1000
            """)
        .otlpExporter("otlp", tempo)
        .service("shutdown_timeout: 5s")
        .pipeline("traces", List.of("otlp"), List.of("batch"), List.of("otlp")));
    send("s", 3, 10);
    assertThat(tempo.calls()).isZero();
    client.shutdownNow();
    client = null;

    Duration took = relay.shutdown();

    // Nothing awaited: shutdown has returned, so the batch must be at Tempo.
    assertThat(tempo.requests()).extracting(BatchProcessorIT::spanCount).containsExactly(30);
    assertThat(tempo.spans()).extracting(Span::getName).containsExactlyElementsOf(names("s", 3, 10));
    assertThat(relay.counter(DROPPED)).isZero();
    assertThat(took).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void shutdownCountsWhatTheExporterCannotTake() throws Exception {
    tempo = TempoStub.start();
    relay = TestRelay.start(new TestConfig()
        .otlpReceiver()
        .processor("batch", """
            timeout: 1h
            send_batch_size: 10
            """)
        .otlpExporter("otlp", tempo, """
            timeout: 10s
            sending_queue:
              queue_size: 1
              num_consumers: 1
            """)
        .service("shutdown_timeout: 1s")
        .pipeline("traces", List.of("otlp"), List.of("batch"), List.of("otlp")));
    tempo.hold();
    send("held", 1, 10); // fills a batch: handed to the exporter, whose one sender is held at Tempo
    Await.until(Duration.ofSeconds(10), "the first batch held at Tempo", () -> tempo.calls() == 1);
    send("queued", 1, 10); // fills the exporter's queue of one request
    send("kept", 1, 5); // stays in the batch processor
    client.shutdownNow();
    client = null;

    Duration took = relay.shutdown();

    assertThat(relay.counter(DROPPED, "reason", "shutdown")).as("the 5 spans the full queue refused")
        .isEqualTo(5);
    assertThat(relay.counter(DROPPED, "reason", "refused")).isZero();
    assertThat(took).isLessThan(Duration.ofSeconds(3));
  }
}
