package dev.relay.testing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The real OpenTelemetry Java SDK, exporting with OtlpGrpcSpanExporter to the relay under test.
 *
 * <p>{@link #flush()} waits until every span ended so far has been exported (or its export failed), counting both
 * ends itself: the batch processor's own {@code forceFlush} can return at once with a stale success when called
 * right after an earlier flush, and a shutdown right after that drops the queued spans (seen with SDK 1.68).
 */
public final class Sdk implements AutoCloseable {
  private final SdkTracerProvider provider;
  private final AtomicLong ended = new AtomicLong();
  private final AtomicLong exported = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  public Sdk(int relayPort) {
    this(relayPort, Attributes.empty());
  }

  /** An SDK whose resource carries {@code resourceAttributes} beside {@code service.name=relay-test}. */
  public Sdk(int relayPort, Attributes resourceAttributes) {
    this(relayPort, resourceAttributes, RetryPolicy.getDefault(), Duration.ofSeconds(10), Duration.ofMillis(50), 512);
  }

  /**
   * An SDK whose exporter retries with {@code retry} (refused requests included: UNAVAILABLE is retryable) within
   * {@code timeout} per export, and exports only full batches of {@code batchSize} spans until {@link #flush()}: spans
   * ended faster than they are exported go out in requests of exactly {@code batchSize} spans.
   */
  public static Sdk withRetries(int relayPort, RetryPolicy retry, Duration timeout, int batchSize) {
    return new Sdk(relayPort, Attributes.empty(), retry, timeout, Duration.ofHours(1), batchSize);
  }

  /**
   * An SDK exporting with {@code otlp}, an exporter the test built (OTLP/gRPC or OTLP/HTTP, with TLS or headers);
   * {@link #flush()} fails if it could not export.
   */
  public static Sdk with(SpanExporter otlp) {
    return new Sdk(otlp, Attributes.empty(), Duration.ofSeconds(10), Duration.ofMillis(50), 512);
  }

  /** The OTLP/gRPC exporter builder the other constructors start from: plaintext to the relay, no retries. */
  public static io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder grpcExporter(String endpoint) {
    return OtlpGrpcSpanExporter.builder().setEndpoint(endpoint).setTimeout(Duration.ofSeconds(10))
        .setRetryPolicy(null);
  }

  private Sdk(int relayPort, Attributes resourceAttributes, RetryPolicy retry, Duration timeout,
      Duration scheduleDelay, int batchSize) {
    this(OtlpGrpcSpanExporter.builder()
        .setEndpoint("http://127.0.0.1:" + relayPort)
        .setTimeout(timeout)
        .setRetryPolicy(retry)
        .build(), resourceAttributes, timeout, scheduleDelay, batchSize);
  }

  private Sdk(SpanExporter otlp, Attributes resourceAttributes, Duration timeout, Duration scheduleDelay,
      int batchSize) {
    SpanExporter exporter = new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        CompletableResultCode result = otlp.export(spans);
        int n = spans.size();
        result.whenComplete(() -> (result.isSuccess() ? exported : failed).addAndGet(n));
        return result;
      }

      @Override
      public CompletableResultCode flush() {
        return otlp.flush();
      }

      @Override
      public CompletableResultCode shutdown() {
        return otlp.shutdown();
      }
    };
    SpanProcessor counting = new SpanProcessor() {
      @Override
      public void onStart(io.opentelemetry.context.Context parent, ReadWriteSpan span) {}

      @Override
      public boolean isStartRequired() {
        return false;
      }

      @Override
      public void onEnd(ReadableSpan span) {
        ended.incrementAndGet();
      }

      @Override
      public boolean isEndRequired() {
        return true;
      }
    };
    provider = SdkTracerProvider.builder()
        .setResource(Resource.create(Attributes.builder()
            .put(io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), "relay-test")
            .putAll(resourceAttributes).build()))
        .addSpanProcessor(counting)
        .addSpanProcessor(BatchSpanProcessor.builder(exporter)
            .setScheduleDelay(scheduleDelay)
            .setMaxQueueSize(100_000)
            .setMaxExportBatchSize(batchSize)
            // The batch processor waits longer for an export than the exporter takes with all its retries.
            .setExporterTimeout(max(Duration.ofSeconds(30), timeout.plusSeconds(5)))
            .build())
        .build();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  public Tracer tracer() {
    return provider.get("relay-test");
  }

  /** Exports everything ended so far; fails the test if any export failed. */
  public void flush() {
    long target = ended.get();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (exported.get() + failed.get() < target) {
      provider.forceFlush().join(30, TimeUnit.SECONDS);
      if (exported.get() + failed.get() >= target) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the SDK exported " + exported.get() + " of " + target + " spans within 60 s");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // the batch processor's own flush is in progress
    }
    if (failed.get() > 0) {
      throw new AssertionError("the SDK could not export " + failed.get() + " spans to the relay");
    }
  }

  @Override
  public void close() {
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }
}
