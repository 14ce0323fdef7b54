package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import dev.relay.otlp.OtlpGrpcMethods;
import dev.relay.testing.Await;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRelay;
import dev.relay.testing.TestTraces;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fault injection on the Tempo delivery path: a RetryInfo delay honoured at Tempo, a full sending queue refused with
 * UNAVAILABLE (and nothing lost when the client retries), and shutdown draining or counting what is in flight.
 * RESOURCE_EXHAUSTED without RetryInfo (dropped, counted, not retried) is covered in {@link TempoExportIT}.
 */
class DeliveryIT {
  private static final String REFUSED = "relay.receiver.refused.spans";
  private static final String SENT = "relay.exporter.sent.spans";
  private static final String FAILED = "relay.exporter.send.failed.spans";

  private TempoStub tempo;
  private TestRelay relay;
  private Sdk sdk;
  private ManagedChannel client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.shutdownNow();
    }
    if (sdk != null) {
      sdk.close();
    }
    if (relay != null) {
      relay.close();
    }
    if (tempo != null) {
      tempo.close();
    }
  }

  /** A relay with one otlp exporter to the stub; {@code exporterExtra} and {@code serviceExtra} are YAML lines. */
  private void startRelay(String exporterExtra, String serviceExtra) throws Exception {
    relay = TestRelay.start(new TestConfig()
        .otlpReceiver()
        .otlpExporter("otlp/tempo", tempo, "compression: none\n" + exporterExtra)
        .service(serviceExtra)
        .pipeline("traces", List.of("otlp"), List.of("otlp/tempo")));
  }

  /** Sends one OTLP request of {@code n} spans named {@code prefix0..} with a raw gRPC client, as a client would. */
  private void sendRaw(int n, String prefix) {
    if (client == null) {
      client = ManagedChannelBuilder.forAddress("127.0.0.1", relay.grpcPort("otlp")).usePlaintext().build();
    }
    byte[] request = TestTraces.request(TestTraces.spans(prefix, n)).toByteArray();
    ClientCalls.blockingUnaryCall(client, OtlpGrpcMethods.TRACE_EXPORT,
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request);
  }

  @org.junit.jupiter.api.Test
  void withTheQueueDisabledTheClientGetsTheDestinationsOutcome() throws Exception {
    tempo = TempoStub.start();
    startRelay("""
        sending_queue:
          enabled: false
        retry_on_failure:
          initial_interval: 10ms
          max_interval: 10ms
          max_elapsed_time: 1s
        """, "");
    sendRaw(3, "sync-");
    // Answered only once Tempo had the spans: no waiting needed.
    org.assertj.core.api.Assertions.assertThat(tempo.spanCount()).isEqualTo(3);
    tempo.failNext(() -> io.grpc.Status.UNAVAILABLE.asRuntimeException(),
        () -> io.grpc.Status.INVALID_ARGUMENT.withDescription("bad span").asRuntimeException());
    io.grpc.StatusRuntimeException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
        io.grpc.StatusRuntimeException.class, () -> sendRaw(2, "bad-"));
    org.assertj.core.api.Assertions.assertThat(refused.getStatus().getCode())
        .isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
    org.assertj.core.api.Assertions.assertThat(tempo.calls()).isEqualTo(3); // 1, then a retry, then the refusal
    org.assertj.core.api.Assertions.assertThat(tempo.spanCount()).isEqualTo(3);
  }

  private static List<String> names(int n, String prefix) {
    return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
  }

  private List<String> namesAtTempo() {
    return tempo.spans().stream().map(Span::getName).toList();
  }

  @Test
  void resourceExhaustedWithRetryInfoOfTwoSecondsIsRetriedNoSoonerThanTwoSecondsLaterAndDeliveredOnce()
      throws Exception {
    tempo = TempoStub.start();
    // A short backoff of the exporter's own: only the RetryInfo can make the second attempt wait 2 s.
    startRelay("""
        timeout: 5s
        retry_on_failure:
          initial_interval: 20ms
          max_interval: 100ms
          max_elapsed_time: 0
        """, "");
    com.google.rpc.Status throttled = com.google.rpc.Status.newBuilder()
        .setCode(Code.RESOURCE_EXHAUSTED_VALUE).setMessage("ingestion rate limit reached")
        .addDetails(Any.pack(RetryInfo.newBuilder()
            .setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(2)).build()))
        .build();
    tempo.failNext(() -> StatusProto.toStatusRuntimeException(throttled));

    sendRaw(7, "ri-");

    Await.until(Duration.ofSeconds(10), "7 spans at Tempo", () -> tempo.spanCount() == 7);
    Await.until(Duration.ofSeconds(10), "7 spans counted as sent", () -> relay.counter(SENT) == 7);
    List<Long> arrivals = tempo.arrivals();
    assertThat(arrivals).hasSize(2);
    long gapNanos = arrivals.get(1) - arrivals.get(0);
    assertThat(gapNanos).as("gap between the throttled attempt and the retry, at Tempo (ns)")
        .isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(2))
        .isLessThan(TimeUnit.SECONDS.toNanos(4));
    assertThat(namesAtTempo()).containsExactlyInAnyOrderElementsOf(names(7, "ri-"));
    assertThat(relay.counter("relay.exporter.retries")).isEqualTo(1);
    assertThat(relay.counter(FAILED)).isZero();
  }

  @Test
  void fullSendingQueueAnswersUnavailableAndCountsTheRefusal() throws Exception {
    tempo = TempoStub.start();
    startRelay("""
        timeout: 30s
        sending_queue:
          queue_size: 2
          num_consumers: 1
        """, "");
    tempo.hold();
    sendRaw(10, "a-");
    // The one consumer has taken the first request and waits on Tempo; the queue is empty again.
    Await.until(Duration.ofSeconds(10), "the first request held at Tempo", () -> tempo.calls() == 1);
    sendRaw(20, "b-");
    sendRaw(30, "c-");

    StatusRuntimeException refused = catchThrowableOfType(() -> sendRaw(40, "d-"), StatusRuntimeException.class);

    assertThat(refused).as("the request sent while the queue is full").isNotNull();
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(relay.counter(REFUSED)).isEqualTo(40);
    assertThat(relay.counter("relay.exporter.enqueue.failed.spans")).isEqualTo(40);
    assertThat(relay.counter("relay.receiver.accepted.spans")).isEqualTo(60);

    tempo.release();
    Await.until(Duration.ofSeconds(10), "60 spans at Tempo", () -> tempo.spanCount() == 60);
    Await.until(Duration.ofSeconds(10), "60 spans counted as sent", () -> relay.counter(SENT) == 60);
    List<String> expected = new java.util.ArrayList<>(names(10, "a-"));
    expected.addAll(names(20, "b-"));
    expected.addAll(names(30, "c-"));
    assertThat(namesAtTempo()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(relay.counter(FAILED)).isZero();
  }

  @Test
  void sdkRetriesRefusedRequestsSoNoSpanIsLostWhileTempoIsHeldWithATinyQueue() throws Exception {
    tempo = TempoStub.start();
    startRelay("""
        timeout: 30s
        sending_queue:
          queue_size: 2
          num_consumers: 1
        """, "");
    int batch = 100;
    int total = 2_000;
    // Five attempts, 0.5 s, 1 s, 2 s and 4 s apart (±20 %): the SDK keeps trying for about 7.5 s.
    RetryPolicy retry = RetryPolicy.builder().setMaxAttempts(5).setInitialBackoff(Duration.ofMillis(500))
        .setMaxBackoff(Duration.ofSeconds(4)).setBackoffMultiplier(2).build();
    sdk = Sdk.withRetries(relay.grpcPort("otlp"), retry, Duration.ofSeconds(30), batch);
    tempo.hold();

    for (int i = 0; i < total; i++) {
      sdk.tracer().spanBuilder("n-" + i).startSpan().end();
    }
    // One request is held at Tempo, two fill the queue; the fourth is refused, and refused again when retried.
    // Tempo stays held over three refusals, then answers again: the SDK has two attempts left for that request.
    Await.until(Duration.ofSeconds(15), "three refused requests", () -> relay.counter(REFUSED) >= 3 * batch);
    long heldMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - tempo.arrivals().get(0));
    long refusedWhileHeld = (long) relay.counter(REFUSED) / batch;
    tempo.release();
    sdk.flush();

    Await.until(Duration.ofSeconds(20), total + " spans at Tempo", () -> tempo.spanCount() >= total);
    Await.until(Duration.ofSeconds(10), total + " spans counted as sent", () -> relay.counter(SENT) == total);
    double refusedSpans = relay.counter(REFUSED);
    System.out.printf("DeliveryIT: Tempo held %d ms; the relay refused %d requests (%d spans) with UNAVAILABLE, "
        + "%d of them while Tempo was held; the SDK retried them all%n", heldMillis, (long) refusedSpans / batch,
        (long) refusedSpans, refusedWhileHeld);
    assertThat(refusedSpans % batch).as("the SDK sends requests of exactly %d spans", batch).isZero();
    assertThat(refusedSpans).isGreaterThanOrEqualTo(3 * batch);
    assertThat(namesAtTempo()).hasSize(total).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(names(total, "n-"));
    assertThat(relay.counter("relay.receiver.accepted.spans")).isEqualTo(total);
    assertThat(relay.counter(FAILED)).isZero();
  }

  @Test
  void shutdownDeliversEveryQueuedSpanToASlowTempoBeforeItReturns() throws Exception {
    tempo = TempoStub.start();
    startRelay("""
        timeout: 10s
        sending_queue:
          num_consumers: 1
        """, "shutdown_timeout: 10s");
    tempo.hold();
    tempo.delay(Duration.ofMillis(300));
    // 5,000 spans a request: two never fit in one merged send (8,192 at most), so Tempo gets four calls.
    int requests = 4;
    int perRequest = 5_000;
    for (int r = 0; r < requests; r++) {
      sendRaw(perRequest, "q" + r + "-");
    }
    Await.until(Duration.ofSeconds(10), "the first request held at Tempo", () -> tempo.calls() == 1);
    client.shutdownNow();
    client = null;
    assertThat(relay.counter(SENT)).isZero();

    tempo.release();
    long shutdownStart = System.nanoTime();
    Duration took = relay.shutdown();

    int total = requests * perRequest;
    // Nothing awaited: shutdown has returned, so everything must already be at Tempo.
    assertThat(tempo.spanCount()).isEqualTo(total);
    assertThat(relay.counter(SENT)).isEqualTo(total);
    assertThat(relay.counter(FAILED)).isZero();
    List<String> expected = IntStream.range(0, requests).boxed()
        .flatMap(r -> names(perRequest, "q" + r + "-").stream()).collect(Collectors.toList());
    assertThat(namesAtTempo()).containsExactlyInAnyOrderElementsOf(expected);
    List<Long> arrivals = tempo.arrivals();
    assertThat(arrivals.get(arrivals.size() - 1)).as("the last send started while shutdown was draining")
        .isGreaterThan(shutdownStart);
    System.out.printf("DeliveryIT: shutdown drained %d spans in %d calls to a slow Tempo in %d ms%n", total,
        arrivals.size(), took.toMillis());
    assertThat(took).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void shutdownWithTempoNeverAnsweringReturnsAfterTheTimeoutAndCountsEveryUndeliveredSpan() throws Exception {
    tempo = TempoStub.start();
    startRelay("""
        timeout: 10s
        sending_queue:
          num_consumers: 1
        """, "shutdown_timeout: 1s");
    tempo.hold();
    sendRaw(100, "x-");
    Await.until(Duration.ofSeconds(10), "the first request held at Tempo", () -> tempo.calls() == 1);
    sendRaw(200, "y-");
    sendRaw(300, "z-");
    client.shutdownNow();
    client = null;

    Duration took = relay.shutdown();

    System.out.printf("DeliveryIT: shutdown with Tempo not answering took %d ms%n", took.toMillis());
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(3));
    assertThat(relay.counter(FAILED)).isEqualTo(600);
    assertThat(relay.counter(SENT)).isZero();
  }

  @Test
  void shutdownWithTempoDownReturnsAfterTheTimeoutAndCountsEveryUndeliveredSpan() throws Exception {
    tempo = TempoStub.start();
    startRelay("""
        timeout: 10s
        retry_on_failure:
          initial_interval: 50ms
          max_interval: 200ms
          max_elapsed_time: 0
        sending_queue:
          num_consumers: 1
        """, "shutdown_timeout: 1s");
    tempo.stopServer();
    sendRaw(100, "x-");
    Await.until(Duration.ofSeconds(10), "a retry while Tempo is down", () -> relay.counter("relay.exporter.retries") >= 1);
    sendRaw(200, "y-");
    sendRaw(300, "z-");
    client.shutdownNow();
    client = null;

    Duration took = relay.shutdown();

    System.out.printf("DeliveryIT: shutdown with Tempo down took %d ms%n", took.toMillis());
    // The exporter gives up on a batch once its next backoff would end after the deadline: a little under 1 s.
    assertThat(took).isLessThan(Duration.ofSeconds(3));
    assertThat(relay.counter(FAILED)).isEqualTo(600);
    assertThat(relay.counter(SENT)).isZero();
  }
}
