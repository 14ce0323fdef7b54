package dev.relay.processor.transform;

import dev.relay.otlp.EditableTraces;
import dev.relay.processor.OttlGroup;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.util.List;

/** Settings of one {@code transform} processor: its statement groups per signal, compiled, in order. */
public record TransformConfig(
    List<OttlGroup<EditableTraces, ?>> groups,
    List<OttlGroup<ExportLogsServiceRequest.Builder, ?>> logGroups,
    List<OttlGroup<ExportMetricsServiceRequest.Builder, ?>> metricGroups) {
  public TransformConfig {
    groups = List.copyOf(groups);
    logGroups = List.copyOf(logGroups);
    metricGroups = List.copyOf(metricGroups);
  }

  /** Trace and log groups only. */
  public TransformConfig(List<OttlGroup<EditableTraces, ?>> groups,
      List<OttlGroup<ExportLogsServiceRequest.Builder, ?>> logGroups) {
    this(groups, logGroups, List.of());
  }
}
