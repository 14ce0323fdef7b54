package dev.relay.builtin;

import dev.relay.component.Components;
import dev.relay.exporter.debug.DebugExporterFactory;
import dev.relay.exporter.otlp.OtlpExporterFactory;
import dev.relay.exporter.redis.RedisExporterFactory;
import dev.relay.processor.attributes.AttributesProcessorFactory;
import dev.relay.processor.filter.FilterProcessorFactory;
import dev.relay.processor.memorylimiter.MemoryLimiterProcessorFactory;
import dev.relay.processor.resource.ResourceProcessorFactory;
import dev.relay.processor.transform.TransformProcessorFactory;
import dev.relay.receiver.otlp.OtlpReceiverFactory;

/** The component types this relay ships with. */
public final class BuiltinComponents {
  private BuiltinComponents() {}

  public static Components all() {
    return Components.builder()
        .receiver(new OtlpReceiverFactory())
        .processor(new FilterProcessorFactory())
        .processor(new MemoryLimiterProcessorFactory())
        .processor(new TransformProcessorFactory())
        .processor(new AttributesProcessorFactory())
        .processor(new ResourceProcessorFactory())
        .exporter(new OtlpExporterFactory())
        .exporter(new RedisExporterFactory())
        .exporter(new DebugExporterFactory())
        .build();
  }
}
