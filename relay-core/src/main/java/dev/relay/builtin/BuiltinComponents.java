package dev.relay.builtin;

import dev.relay.component.Components;
import dev.relay.exporter.debug.DebugExporterFactory;
import dev.relay.exporter.debug.LoggingExporterFactory;
import dev.relay.exporter.nop.NopExporterFactory;
import dev.relay.exporter.otlp.OtlpExporterFactory;
import dev.relay.exporter.otlphttp.OtlpHttpExporterFactory;
import dev.relay.exporter.redis.RedisExporterFactory;
import dev.relay.processor.attributes.AttributesProcessorFactory;
import dev.relay.processor.batch.BatchProcessorFactory;
import dev.relay.processor.filter.FilterProcessorFactory;
import dev.relay.processor.memorylimiter.MemoryLimiterProcessorFactory;
import dev.relay.processor.probabilisticsampler.ProbabilisticSamplerProcessorFactory;
import dev.relay.processor.resource.ResourceProcessorFactory;
import dev.relay.processor.resourcedetection.ResourceDetectionProcessorFactory;
import dev.relay.processor.transform.TransformProcessorFactory;
import dev.relay.receiver.nop.NopReceiverFactory;
import dev.relay.receiver.otlp.OtlpReceiverFactory;

/** The component types this relay ships with. */
public final class BuiltinComponents {
  private BuiltinComponents() {}

  public static Components all() {
    return Components.builder()
        .receiver(new OtlpReceiverFactory())
        .receiver(new NopReceiverFactory())
        .processor(new AttributesProcessorFactory())
        .processor(new BatchProcessorFactory())
        .processor(new FilterProcessorFactory())
        .processor(new MemoryLimiterProcessorFactory())
        .processor(new ProbabilisticSamplerProcessorFactory())
        .processor(new ResourceProcessorFactory())
        .processor(new ResourceDetectionProcessorFactory())
        .processor(new TransformProcessorFactory())
        .exporter(new OtlpExporterFactory())
        .exporter(new OtlpHttpExporterFactory())
        .exporter(new RedisExporterFactory())
        .exporter(new DebugExporterFactory())
        // The Collector's names (2025 on) for its OTLP exporters; otlphttp resolves once its factory is registered.
        .exporterAlias("otlp_grpc", "otlp")
        .exporterAlias("otlp_http", "otlphttp")
        // The Collector's former name for debug, with its loglevel key: a type of its own, deprecated (a warning).
        .exporter(new LoggingExporterFactory())
        // The Collector's placeholder sink: Collector files define it, often unused.
        .exporter(new NopExporterFactory())
        .build();
  }
}
