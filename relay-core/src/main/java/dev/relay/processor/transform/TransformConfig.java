package dev.relay.processor.transform;

import dev.relay.processor.OttlGroup;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.List;

/** Settings of one {@code transform} processor: its statement groups per signal, compiled, in order. */
public record TransformConfig(
    List<OttlGroup<ExportTraceServiceRequest.Builder, ?>> groups,
    List<OttlGroup<ExportLogsServiceRequest.Builder, ?>> logGroups) {
  public TransformConfig {
    groups = List.copyOf(groups);
    logGroups = List.copyOf(logGroups);
  }
}
