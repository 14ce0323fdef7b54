package dev.relay.processor.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import dev.relay.component.ComponentId;
import dev.relay.component.LogsProcessor;
import dev.relay.component.MetricsProcessor;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesProcessor;
import dev.relay.consumer.ConsumeException;
import dev.relay.consumer.RequestContext;
import dev.relay.consumer.TracesConsumer;
import dev.relay.otlp.LogsBatch;
import dev.relay.otlp.MetricsBatch;
import dev.relay.otlp.TracesBatch;
import dev.relay.testing.Await;
import dev.relay.testing.KeyValues;
import dev.relay.testing.TestLogs;
import dev.relay.testing.TestTraces;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The batch processor on real requests, feeding a consumer that records what it is handed, and on which thread. */
class BatchProcessorTest {
  private static final ComponentId ID = new ComponentId("batch", "");
  private static final String DROPPED = "relay.processor.batch.dropped.spans";

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<TracesBatch> received = new CopyOnWriteArrayList<>();
  private final List<String> threads = new CopyOnWriteArrayList<>();
  /** How many of the next calls the consumer refuses, with a retryable error. */
  private final AtomicInteger refuseNext = new AtomicInteger();
  private final TracesConsumer sink = batch -> {
    if (refuseNext.getAndUpdate(n -> n > 0 ? n - 1 : n) != 0) {
      throw ConsumeException.retryable("sending queue is full");
    }
    received.add(batch);
    threads.add(Thread.currentThread().getName());
  };
  private final List<TracesProcessor> started = new ArrayList<>();

  @AfterEach
  void stop() {
    started.forEach(p -> p.shutdown(Duration.ofSeconds(1)));
  }

  private TracesProcessor start(Duration timeout, int size, int max) throws Exception {
    TracesProcessor p = new BatchProcessorFactory().createTracesProcessor(ID,
        new BatchConfig(timeout, size, max, List.of(), 1000), sink, new TelemetrySettings(meters));
    p.start();
    started.add(p);
    return p;
  }

  /** A request of {@code n} spans named {@code prefix0..}, as its client's bytes. */
  private static TracesBatch request(String prefix, int n) throws Exception {
    return TracesBatch.fromWire(TestTraces.request(TestTraces.spans(prefix, n)).toByteArray());
  }

  private static List<String> names(TracesBatch batch) {
    List<String> out = new ArrayList<>();
    for (ResourceSpans rs : batch.request().getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        ss.getSpansList().forEach(s -> out.add(s.getName()));
      }
    }
    return out;
  }

  private static List<String> expectedNames(int requests, int perRequest) {
    List<String> out = new ArrayList<>();
    for (int r = 0; r < requests; r++) {
      for (int i = 0; i < perRequest; i++) {
        out.add("r" + r + "-" + i);
      }
    }
    return out;
  }

  private double counter(String name, String... tags) {
    var c = meters.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void aFullBatchGoesOnAtOnceOnTheThreadWhoseRequestFilledIt() throws Exception {
    TracesProcessor p = start(Duration.ofHours(1), 100, 0);
    List<byte[]> sent = new ArrayList<>();
    for (int r = 0; r < 10; r++) {
      TracesBatch b = request("r" + r + "-", 10);
      sent.add(b.bytes());
      p.consumeTraces(b);
      assertThat(received).hasSize(r < 9 ? 0 : 1);
    }
    TracesBatch batch = received.get(0);
    assertThat(batch.spanCount()).isEqualTo(100);
    assertThat(names(batch)).isEqualTo(expectedNames(10, 10));
    ByteArrayOutputStream concatenated = new ByteArrayOutputStream();
    for (byte[] b : sent) {
      concatenated.write(b);
    }
    assertThat(batch.bytes()).as("the clients' bytes, one request after the other").isEqualTo(
        concatenated.toByteArray());
    assertThat(threads).containsExactly(Thread.currentThread().getName());
    var size = meters.get("relay.processor.batch.batch.send.size").tag("processor", "batch").summary();
    assertThat(size.count()).isEqualTo(1);
    assertThat(size.totalAmount()).isEqualTo(100);
    assertThat(counter("relay.processor.batch.batch.size.trigger.send")).isEqualTo(1);
    assertThat(counter("relay.processor.batch.timeout.trigger.send")).isZero();
    assertThat(meters.get("relay.processor.batch.metadata.cardinality").gauge().value()).isEqualTo(1);
  }

  @Test
  void aPartialBatchGoesOnOnceItsTimeoutIsUp() throws Exception {
    TracesProcessor p = start(Duration.ofMillis(100), 100, 0);
    long first = System.nanoTime();
    for (int r = 0; r < 3; r++) {
      p.consumeTraces(request("r" + r + "-", 10));
    }
    Await.until(Duration.ofSeconds(5), "the timeout's batch", () -> received.size() == 1);
    long waited = System.nanoTime() - first;
    assertThat(Duration.ofNanos(waited)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    assertThat(names(received.get(0))).isEqualTo(expectedNames(3, 10));
    assertThat(threads.get(0)).isEqualTo("relay-batch-batch-traces");
    assertThat(counter("relay.processor.batch.timeout.trigger.send")).isEqualTo(1);
    assertThat(counter("relay.processor.batch.batch.size.trigger.send")).isZero();

    // The next request starts a new batch with a timer of its own.
    p.consumeTraces(request("r3-", 10));
    Await.until(Duration.ofSeconds(5), "the second batch", () -> received.size() == 2);
    assertThat(received.get(1).spanCount()).isEqualTo(10);
  }

  /**
   * As the Collector: a batch that reaches send_batch_size and is above send_batch_max_size goes on in parts of that
   * size, and the rest, below send_batch_size, stays for the next batch; items keep their order.
   */
  @Test
  void aBatchAboveTheMaxSizeIsSplitAndTheRestHeldForTheNext() throws Exception {
    TracesProcessor p = start(Duration.ofHours(1), 25, 25);
    for (int r = 0; r < 6; r++) {
      p.consumeTraces(request("r" + r + "-", 10));
    }
    assertThat(received).extracting(TracesBatch::spanCount).containsExactly(25, 25);
    p.consumeTraces(request("r6-", 30));
    assertThat(received).extracting(TracesBatch::spanCount).containsExactly(25, 25, 25);
    List<String> all = new ArrayList<>();
    received.forEach(b -> all.addAll(names(b)));
    List<String> expected = new ArrayList<>(expectedNames(6, 10));
    for (int i = 0; i < 30; i++) {
      expected.add("r6-" + i);
    }
    assertThat(all).isEqualTo(expected.subList(0, 75));
    assertThat(received.get(0).request().getResourceSpansCount()).as("r0, r1 and the first half of r2").isEqualTo(3);

    p.shutdown(Duration.ofSeconds(1));
    assertThat(received).extracting(TracesBatch::spanCount).containsExactly(25, 25, 25, 15);
    assertThat(names(received.get(3))).isEqualTo(expected.subList(75, 90));
    assertThat(counter("relay.processor.batch.batch.size.trigger.send")).isEqualTo(3);
  }

  /** The rest of a split batch goes on within `timeout` of the oldest of its items, not a new timeout later. */
  @Test
  void theRestOfASplitBatchKeepsItsOldestItemsTimer() throws Exception {
    TracesProcessor p = start(Duration.ofSeconds(1), 20, 20);
    long first = System.nanoTime();
    p.consumeTraces(request("a-", 15));
    Await.until(Duration.ofSeconds(5), "800 ms later", () -> System.nanoTime() - first >= 800_000_000L);
    p.consumeTraces(request("b-", 15)); // 30: 20 go on, 10 (b-5..b-14) stay, with a-'s timer
    assertThat(received).extracting(TracesBatch::spanCount).containsExactly(20);
    Await.until(Duration.ofSeconds(5), "the rest", () -> received.size() == 2);
    long restAfter = System.nanoTime() - first;
    assertThat(received.get(1).spanCount()).isEqualTo(10);
    assertThat(names(received.get(1)).get(0)).isEqualTo("b-5");
    // a-'s timer: 1 s after a- came; a timer of its own would have been 1.8 s.
    assertThat(Duration.ofNanos(restAfter)).isGreaterThanOrEqualTo(Duration.ofSeconds(1))
        .isLessThan(Duration.ofMillis(1600));
  }

  /** With timeout 0 each request goes on as it comes, in parts of send_batch_max_size. */
  @Test
  void withTimeoutZeroARequestAboveTheMaxSizeGoesOnInParts() throws Exception {
    TracesProcessor p = start(Duration.ZERO, 4, 4);
    p.consumeTraces(request("r0-", 10));
    assertThat(received).extracting(TracesBatch::spanCount).containsExactly(4, 4, 2);
    assertThat(names(received.get(2))).containsExactly("r0-8", "r0-9");
  }

  /** The timer thread gives the exporters a deadline, so that a stuck destination cannot stall it. */
  @Test
  void theTimersHandOnHasADeadline() throws Exception {
    List<Long> left = new CopyOnWriteArrayList<>();
    TracesProcessor p = new BatchProcessorFactory().createTracesProcessor(ID,
        new BatchConfig(Duration.ofMillis(20), 100, 0, List.of(), 1000), batch -> {
          left.add(RequestContext.current().timeLeftNanos());
          received.add(batch);
        }, new TelemetrySettings(meters));
    p.start();
    started.add(p);
    p.consumeTraces(request("r0-", 1));
    Await.until(Duration.ofSeconds(5), "the due batch", () -> received.size() == 1);
    assertThat(left.get(0)).isPositive().isLessThanOrEqualTo(BatchProcessor.TIMER_HAND_ON_LIMIT.toNanos());
  }

  /** With metadata_keys, each distinct combination of the client's values is batched apart, up to the limit. */
  @Test
  void metadataKeysGiveEachCombinationABatcherUpToTheLimit() throws Exception {
    TracesProcessor p = new BatchProcessorFactory().createTracesProcessor(ID,
        new BatchConfig(Duration.ofHours(1), 20, 0, List.of("tenant"), 3), sink, new TelemetrySettings(meters));
    p.start();
    started.add(p);
    asTenant(p, "a", request("a0-", 10));
    asTenant(p, "b", request("b0-", 10));
    asTenant(p, "A", request("a1-", 10)); // values are compared exactly: "A" is another tenant
    assertThat(received).isEmpty();
    asTenant(p, "a", request("a2-", 10));
    assertThat(received).hasSize(1);
    assertThat(names(received.get(0))).containsExactlyElementsOf(
        List.of("a0-0", "a0-1", "a0-2", "a0-3", "a0-4", "a0-5", "a0-6", "a0-7", "a0-8", "a0-9",
            "a2-0", "a2-1", "a2-2", "a2-3", "a2-4", "a2-5", "a2-6", "a2-7", "a2-8", "a2-9"));
    assertThat(meters.get("relay.processor.batch.metadata.cardinality").gauge().value()).isEqualTo(3);
    TracesBatch c = request("c0-", 1);
    ConsumeException refused = catchThrowableOfType(ConsumeException.class, () -> asTenant(p, "c", c));
    assertThat(refused.retryable()).isFalse();
    assertThat(refused).hasMessage("processor batch: too many batcher metadata-value combinations"
        + " (metadata_cardinality_limit 3)");
    p.shutdown(Duration.ofSeconds(1));
    assertThat(received).hasSize(3);
    assertThat(names(received.get(1))).hasSize(10).allMatch(n -> n.startsWith("b0-"));
    assertThat(names(received.get(2))).hasSize(10).allMatch(n -> n.startsWith("a1-"));
  }

  /** Consumes {@code batch} as a client whose metadata says {@code Tenant: tenant}, with {@code batch}. */
  private static void asTenant(TracesProcessor p, String tenant, TracesBatch batch) {
    try (RequestContext.Scope ignored = RequestContext.EMPTY
        .withMetadata(java.util.Map.of("Tenant", List.of(tenant))).makeCurrent()) {
      p.consumeTraces(batch);
    }
  }

  @Test
  void aBatchEndsBeforeFourMebibytes() throws Exception {
    TracesProcessor p = start(Duration.ofHours(1), 100, 0);
    String big = "x".repeat(3 * 1024 * 1024);
    TracesBatch first = TracesBatch.fromWire(TestTraces.request(TestTraces.span("a")
        .addAllAttributes(KeyValues.of("big", big))).toByteArray());
    TracesBatch second = TracesBatch.fromWire(TestTraces.request(TestTraces.span("b")
        .addAllAttributes(KeyValues.of("big", big))).toByteArray());
    p.consumeTraces(first);
    p.consumeTraces(second);
    assertThat(received).containsExactly(first);
  }

  @Test
  void aRefusedBatchReachesTheClientThatFilledItCountsTheOthersAndTheProcessorStepsAsideUntilAccepted()
      throws Exception {
    TracesProcessor p = start(Duration.ofHours(1), 20, 0);
    p.consumeTraces(request("r0-", 10)); // held; its client has its answer
    refuseNext.set(1);
    ConsumeException refused = catchThrowableOfType(ConsumeException.class,
        () -> p.consumeTraces(request("r1-", 10)));
    assertThat(refused.retryable()).isTrue();
    assertThat(counter(DROPPED, "reason", "refused")).as("r0's spans: its client was answered").isEqualTo(10);

    // Stepping aside: the next request goes on alone, at once, and being accepted ends it.
    TracesBatch alone = request("r2-", 10);
    p.consumeTraces(alone);
    assertThat(received).containsExactly(alone);
    p.consumeTraces(request("r3-", 10));
    assertThat(received).hasSize(1);
    p.consumeTraces(request("r4-", 10));
    assertThat(received).hasSize(2);
    assertThat(names(received.get(1))).isEqualTo(expectedNames(5, 10).subList(30, 50));
    assertThat(counter(DROPPED, "reason", "refused")).isEqualTo(10);
  }

  @Test
  void shutdownHandsOnWhatIsHeldAndLaterRequestsGoOnAlone() throws Exception {
    TracesProcessor p = start(Duration.ofHours(1), 100, 0);
    for (int r = 0; r < 3; r++) {
      p.consumeTraces(request("r" + r + "-", 10));
    }
    assertThat(received).isEmpty();
    p.shutdown(Duration.ofSeconds(1));
    assertThat(received).hasSize(1);
    assertThat(names(received.get(0))).isEqualTo(expectedNames(3, 10));
    assertThat(counter(DROPPED, "reason", "shutdown")).isZero();
    assertThat(counter("relay.processor.batch.timeout.trigger.send")).isEqualTo(1);

    TracesBatch late = request("late-", 5);
    p.consumeTraces(late);
    assertThat(received).hasSize(2);
    assertThat(received.get(1)).isSameAs(late);
  }

  @Test
  void shutdownCountsWhatTheExportersRefuse() throws Exception {
    TracesProcessor p = start(Duration.ofHours(1), 100, 0);
    for (int r = 0; r < 3; r++) {
      p.consumeTraces(request("r" + r + "-", 10));
    }
    refuseNext.set(Integer.MAX_VALUE);
    p.shutdown(Duration.ofSeconds(1));
    assertThat(received).isEmpty();
    assertThat(counter(DROPPED, "reason", "shutdown")).isEqualTo(30);
  }

  @Test
  void withTimeoutZeroEachRequestGoesOnAsItCame() throws Exception {
    TracesProcessor p = start(Duration.ZERO, 100, 0);
    TracesBatch one = request("a-", 3);
    TracesBatch two = request("b-", 4);
    p.consumeTraces(one);
    p.consumeTraces(two);
    assertThat(received).containsExactly(one, two);
  }

  @Test
  void aBatchBuiltInTheRelayIsMergedWithReceivedOnes() throws Exception {
    TracesProcessor p = start(Duration.ofHours(1), 3, 0);
    ExportTraceServiceRequest built = TestTraces.request(TestTraces.span("built")
        .setTraceId(ByteString.copyFrom(new byte[16])).setSpanId(ByteString.copyFrom(new byte[8])));
    p.consumeTraces(request("wire-", 2));
    p.consumeTraces(TracesBatch.of(built));
    assertThat(received).hasSize(1);
    assertThat(names(received.get(0))).containsExactly("wire-0", "wire-1", "built");
    assertThat(received.get(0).request().getResourceSpans(1)).isEqualTo(built.getResourceSpans(0));
  }

  @Test
  void logsAndMetricsAreBatchedToo() throws Exception {
    TelemetrySettings telemetry = new TelemetrySettings(meters);
    BatchConfig config = new BatchConfig(Duration.ofHours(1), 3, 0, List.of(), 1000);
    List<LogsBatch> logs = new CopyOnWriteArrayList<>();
    LogsProcessor lp = new BatchProcessorFactory().createLogsProcessor(ID, config, logs::add, telemetry);
    lp.start();
    List<MetricsBatch> metrics = new CopyOnWriteArrayList<>();
    MetricsProcessor mp = new BatchProcessorFactory().createMetricsProcessor(ID, config, metrics::add, telemetry);
    mp.start();
    try {
      lp.consumeLogs(LogsBatch.fromWire(TestLogs.request(TestLogs.record("a"), TestLogs.record("b")).toByteArray()));
      assertThat(logs).isEmpty();
      lp.consumeLogs(LogsBatch.fromWire(TestLogs.request(TestLogs.record("c")).toByteArray()));
      assertThat(logs).hasSize(1);
      assertThat(logs.get(0).itemCount()).isEqualTo(3);
      List<String> events = new ArrayList<>();
      logs.get(0).request().getResourceLogsList()
          .forEach(rl -> rl.getScopeLogs(0).getLogRecordsList().forEach(r -> events.add(r.getEventName())));
      assertThat(events).containsExactly("a", "b", "c");

      mp.consumeMetrics(MetricsBatch.fromWire(gauge("m1", 2).toByteArray()));
      assertThat(metrics).isEmpty();
      mp.consumeMetrics(MetricsBatch.fromWire(gauge("m2", 1).toByteArray()));
      assertThat(metrics).hasSize(1);
      assertThat(metrics.get(0).itemCount()).isEqualTo(3);
      assertThat(metrics.get(0).request().getResourceMetricsList())
          .extracting(rm -> rm.getScopeMetrics(0).getMetrics(0).getName()).containsExactly("m1", "m2");
      assertThat(meters.find("relay.processor.batch.dropped.log.records").counters()).hasSize(2);
      assertThat(meters.find("relay.processor.batch.dropped.metric.points").counters()).hasSize(2);
    } finally {
      lp.shutdown(Duration.ofSeconds(1));
      mp.shutdown(Duration.ofSeconds(1));
    }
  }

  /** A request of one gauge named {@code name} with {@code points} data points. */
  private static ExportMetricsServiceRequest gauge(String name, int points) {
    Gauge.Builder gauge = Gauge.newBuilder();
    for (int i = 0; i < points; i++) {
      gauge.addDataPoints(NumberDataPoint.newBuilder().setAsInt(i).setTimeUnixNano(1));
    }
    return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
        .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName(name).setGauge(gauge))))
        .build();
  }

  @Test
  void anEmptyRequestIsNotHeld() throws Exception {
    TracesProcessor p = start(Duration.ofHours(1), 1, 0);
    p.consumeTraces(TracesBatch.fromWire(new byte[0]));
    assertThat(received).isEmpty();
    Span.Builder one = TestTraces.span("one");
    p.consumeTraces(TracesBatch.fromWire(TestTraces.request(one).toByteArray()));
    assertThat(received).hasSize(1);
  }
}
