package dev.relay.processor.resource;

import dev.relay.consumer.Capabilities;
import dev.relay.attraction.AttributeEditor;
import dev.relay.component.LogsProcessor;
import dev.relay.consumer.LogsConsumer;
import dev.relay.otlp.LogsBatch;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;

/** Applies the actions to the resource of each group of log records, on a rebuilt copy of the batch. */
final class ResourceLogsProcessor implements LogsProcessor {
  private final ResourceConfig config;
  private final LogsConsumer next;

  ResourceLogsProcessor(ResourceConfig config, LogsConsumer next) {
    this.config = config;
    this.next = next;
  }

  @Override
  public void consumeLogs(LogsBatch batch) {
    ExportLogsServiceRequest.Builder req = batch.request().toBuilder();
    AttributeEditor.Resources attrs = AttributeEditor.resources();
    for (ResourceLogs.Builder rl : req.getResourceLogsBuilderList()) {
      config.actions().apply(attrs.on(rl.getResourceBuilder()));
    }
    next.consumeLogs(attrs.changed() ? LogsBatch.of(req.build()) : batch);
  }

  /** Only computes on the batch; what it hands on to is counted by the graph. */
  @Override
  public Capabilities capabilities() {
    return Capabilities.NEVER_BLOCKS;
  }

  @Override
  public String describe() {
    int n = config.actions().size();
    return "resource (logs): " + n + " action" + (n == 1 ? "" : "s");
  }
}
