package dev.relay.processor.transform;

import dev.relay.consumer.Capabilities;
import dev.relay.component.ComponentId;
import dev.relay.component.MetricsProcessor;
import dev.relay.component.TelemetrySettings;
import dev.relay.consumer.MetricsConsumer;
import dev.relay.otlp.MetricsBatch;
import dev.relay.processor.OttlErrors;
import dev.relay.processor.OttlGroup;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

/**
 * Runs the {@code metric_statements} groups in order on a builder of each batch's request, decoded once. A batch no
 * statement changed goes on as it came (its received bytes); a changed one is re-encoded.
 */
final class MetricsTransformProcessor implements MetricsProcessor {
  private final TransformConfig config;
  private final MetricsConsumer next;
  private final OttlErrors errors;

  MetricsTransformProcessor(ComponentId id, TransformConfig config, MetricsConsumer next,
      TelemetrySettings telemetry) {
    this.config = config;
    this.next = next;
    this.errors = new OttlErrors(id, telemetry.meterRegistry());
  }

  @Override
  public void consumeMetrics(MetricsBatch batch) {
    if (config.metricGroups().isEmpty()) {
      next.consumeMetrics(batch);
      return;
    }
    ExportMetricsServiceRequest received = batch.request();
    ExportMetricsServiceRequest.Builder req = received.toBuilder();
    for (OttlGroup<ExportMetricsServiceRequest.Builder, ?> group : config.metricGroups()) {
      group.run(req, errors);
    }
    ExportMetricsServiceRequest result = req.build();
    // Metrics are not the hot path: one comparison tells whether anything changed, without tracking each write.
    next.consumeMetrics(result.equals(received) ? batch : MetricsBatch.of(result));
  }

  /** Only computes on the batch; what it hands on to is counted by the graph. */
  @Override
  public Capabilities capabilities() {
    return Capabilities.NEVER_BLOCKS;
  }

  @Override
  public String describe() {
    int statements = config.metricGroups().stream().mapToInt(OttlGroup::size).sum();
    return "transform (metrics): " + statements + " statement" + (statements == 1 ? "" : "s");
  }
}
