package dev.relay.bench.jmh;

import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesProcessor;
import dev.relay.consumer.RequestContext;
import dev.relay.otlp.TracesBatch;
import dev.relay.processor.batch.BatchConfig;
import dev.relay.processor.batch.BatchProcessorFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Per span, what the {@code batch} processor adds to a request the receiver validated: appending it under the lock
 * and, once every {@code send_batch_size} (8192) spans, concatenating the held requests into one batch. The
 * requests are the end-to-end bench's spans, 100 a request and 10 a request (a chatty client); the timeout never
 * fires. Compare with {@code PipelineBench.passThrough}, the cost of receiving them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BatchBench {
  private TracesBatch hundred;
  private TracesBatch ten;
  private TracesProcessor batch;
  /** send_batch_max_size 8192 too: every batch reaches 8,200 spans and is split into 8,192 and 8 held back. */
  private TracesProcessor splitting;
  /** metadata_keys [tenant], the client's metadata current as the receiver makes it with include_metadata. */
  private TracesProcessor byTenant;
  private RequestContext tenant;
  /** The last batch handed on; kept in a field so that the merge cannot be optimized away. */
  private byte[] last;

  @Setup
  public void setup() throws Exception {
    ExportTraceServiceRequest request = Fixtures.request(7);
    hundred = TracesBatch.fromWire(request.toByteArray());
    ExportTraceServiceRequest.Builder small = request.toBuilder();
    var spans = small.getResourceSpansBuilder(0).getScopeSpansBuilder(0);
    while (spans.getSpansCount() > 10) {
      spans.removeSpans(spans.getSpansCount() - 1);
    }
    ten = TracesBatch.fromWire(small.build().toByteArray());
    batch = new BatchProcessorFactory().createTracesProcessor(new ComponentId("batch", ""),
        new BatchConfig(Duration.ofHours(1), 8192, 0, List.of(), 1000),
        b -> last = b.bytes(), new TelemetrySettings(new SimpleMeterRegistry()));
    batch.start();
    splitting = new BatchProcessorFactory().createTracesProcessor(new ComponentId("batch", "split"),
        new BatchConfig(Duration.ofHours(1), 8192, 8192, List.of(), 1000),
        b -> last = b.bytes(), new TelemetrySettings(new SimpleMeterRegistry()));
    splitting.start();
    byTenant = new BatchProcessorFactory().createTracesProcessor(new ComponentId("batch", "tenant"),
        new BatchConfig(Duration.ofHours(1), 8192, 0, List.of("tenant"), 1000),
        b -> last = b.bytes(), new TelemetrySettings(new SimpleMeterRegistry()));
    byTenant.start();
    tenant = RequestContext.EMPTY.withMetadata(Map.of("tenant", List.of("t1")));
  }

  @TearDown
  public void tearDown() {
    batch.shutdown(Duration.ofSeconds(1));
    splitting.shutdown(Duration.ofSeconds(1));
    byTenant.shutdown(Duration.ofSeconds(1));
  }

  /** A 100-span request into the batch (the request object is reused: the processor only reads its bytes). */
  @Benchmark
  @OperationsPerInvocation(100)
  public void hundredSpanRequests(Blackhole bh) {
    batch.consumeTraces(hundred);
    bh.consume(last);
  }

  /** A 10-span request into the batch. */
  @Benchmark
  @OperationsPerInvocation(10)
  public void tenSpanRequests(Blackhole bh) {
    batch.consumeTraces(ten);
    bh.consume(last);
  }

  /**
   * A 100-span request into a batch with {@code send_batch_max_size} equal to {@code send_batch_size}: every 82nd
   * request fills a batch past the maximum, which is decoded and split, as the Collector splits it.
   */
  @Benchmark
  @OperationsPerInvocation(100)
  public void hundredSpanRequestsSplitAtMax(Blackhole bh) {
    splitting.consumeTraces(hundred);
    bh.consume(last);
  }

  /** A 100-span request into a batch with {@code metadata_keys}, as a client whose metadata names its tenant. */
  @Benchmark
  @OperationsPerInvocation(100)
  public void hundredSpanRequestsByTenant(Blackhole bh) {
    try (RequestContext.Scope ignored = tenant.makeCurrent()) {
      byTenant.consumeTraces(hundred);
    }
    bh.consume(last);
  }
}
