package dev.relay.testing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The real OpenTelemetry Java SDK, exporting with OtlpGrpcSpanExporter to the relay under test. */
public final class Sdk implements AutoCloseable {
  private final SdkTracerProvider provider;

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

  private Sdk(int relayPort, Attributes resourceAttributes, RetryPolicy retry, Duration timeout,
      Duration scheduleDelay, int batchSize) {
    OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder()
        .setEndpoint("http://127.0.0.1:" + relayPort)
        .setTimeout(timeout)
        .setRetryPolicy(retry)
        .build();
    provider = SdkTracerProvider.builder()
        .setResource(Resource.create(Attributes.builder()
            .put(io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), "relay-test")
            .putAll(resourceAttributes).build()))
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

  /** Exports everything ended so far; fails the test if the export failed. */
  public void flush() {
    var result = provider.forceFlush().join(30, TimeUnit.SECONDS);
    if (!result.isSuccess()) {
      throw new AssertionError("the SDK could not export its spans to the relay");
    }
  }

  @Override
  public void close() {
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }
}
