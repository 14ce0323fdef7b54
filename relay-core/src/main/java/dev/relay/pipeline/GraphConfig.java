package dev.relay.pipeline;

import dev.relay.component.ComponentId;
import dev.relay.component.ExporterFactory;
import dev.relay.component.PipelineId;
import dev.relay.component.ProcessorFactory;
import dev.relay.component.ReceiverFactory;
import java.util.Map;

/**
 * What a {@link PipelineGraph} is built from: every component as its factory read it, and the pipelines that wire
 * them. It holds nothing else, so a graph depends on this record alone.
 */
public record GraphConfig(
    Map<ComponentId, Configured<ReceiverFactory<?>>> receivers,
    Map<ComponentId, Configured<ProcessorFactory<?>>> processors,
    Map<ComponentId, Configured<ExporterFactory<?>>> exporters,
    Map<PipelineId, PipelineConfig> pipelines) {
  public GraphConfig {
    receivers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(receivers));
    processors = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(processors));
    exporters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(exporters));
    pipelines = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(pipelines));
  }
}
