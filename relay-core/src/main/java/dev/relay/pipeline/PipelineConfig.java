package dev.relay.pipeline;

import dev.relay.component.ComponentId;
import dev.relay.component.PipelineId;
import java.util.List;

/** One pipeline: receivers feed processors in order, which feed every exporter. */
public record PipelineConfig(
    PipelineId id, List<ComponentId> receivers, List<ComponentId> processors, List<ComponentId> exporters) {
  public PipelineConfig {
    receivers = List.copyOf(receivers);
    processors = List.copyOf(processors);
    exporters = List.copyOf(exporters);
  }
}
