package dev.relay.processor.transform;

import dev.relay.otlp.EditableTraces;
import dev.relay.processor.OttlGroup;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import java.util.List;

/** Settings of one {@code transform} processor: its statement groups per signal, compiled, in order. */
public record TransformConfig(
    List<OttlGroup<EditableTraces, ?>> groups,
    List<OttlGroup<ExportLogsServiceRequest.Builder, ?>> logGroups) {
  public TransformConfig {
    groups = List.copyOf(groups);
    logGroups = List.copyOf(logGroups);
  }
}
