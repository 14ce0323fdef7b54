package dev.relay.processor.resource;

import dev.relay.consumer.Capabilities;
import dev.relay.attraction.AttributeEditor;
import dev.relay.component.MetricsProcessor;
import dev.relay.consumer.MetricsConsumer;
import dev.relay.otlp.MetricsBatch;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;

/** Applies the actions to the resource of each group of metrics, on a rebuilt copy of the batch. */
final class ResourceMetricsProcessor implements MetricsProcessor {
  private final ResourceConfig config;
  private final MetricsConsumer next;

  ResourceMetricsProcessor(ResourceConfig config, MetricsConsumer next) {
    this.config = config;
    this.next = next;
  }

  @Override
  public void consumeMetrics(MetricsBatch batch) {
    ExportMetricsServiceRequest.Builder req = batch.request().toBuilder();
    AttributeEditor.Resources attrs = AttributeEditor.resources();
    for (ResourceMetrics.Builder rm : req.getResourceMetricsBuilderList()) {
      config.actions().apply(attrs.on(rm.getResourceBuilder()));
    }
    next.consumeMetrics(attrs.changed() ? MetricsBatch.of(req.build()) : batch);
  }

  /** Only computes on the batch; what it hands on to is counted by the graph. */
  @Override
  public Capabilities capabilities() {
    return Capabilities.NEVER_BLOCKS;
  }

  @Override
  public String describe() {
    int n = config.actions().size();
    return "resource (metrics): " + n + " action" + (n == 1 ? "" : "s");
  }
}
