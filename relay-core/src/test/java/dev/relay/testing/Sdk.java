package dev.relay.testing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
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
    OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder()
        .setEndpoint("http://127.0.0.1:" + relayPort)
        .setTimeout(Duration.ofSeconds(10))
        .build();
    provider = SdkTracerProvider.builder()
        .setResource(Resource.create(Attributes.builder()
            .put(io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), "relay-test")
            .putAll(resourceAttributes).build()))
        .addSpanProcessor(BatchSpanProcessor.builder(exporter)
            .setScheduleDelay(Duration.ofMillis(50))
            .setMaxQueueSize(100_000)
            .setMaxExportBatchSize(512)
            .build())
        .build();
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
