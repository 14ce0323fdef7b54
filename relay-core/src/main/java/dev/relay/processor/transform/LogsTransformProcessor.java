package dev.relay.processor.transform;

import dev.relay.consumer.Capabilities;
import dev.relay.component.ComponentId;
import dev.relay.component.LogsProcessor;
import dev.relay.component.TelemetrySettings;
import dev.relay.consumer.LogsConsumer;
import dev.relay.otlp.LogsBatch;
import dev.relay.processor.OttlErrors;
import dev.relay.processor.OttlGroup;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;

/** Runs the {@code log_statements} groups in order on a rebuilt copy of each batch; the original is never changed. */
final class LogsTransformProcessor implements LogsProcessor {
  private final TransformConfig config;
  private final LogsConsumer next;
  private final OttlErrors errors;

  LogsTransformProcessor(ComponentId id, TransformConfig config, LogsConsumer next, TelemetrySettings telemetry) {
    this.config = config;
    this.next = next;
    this.errors = new OttlErrors(id, telemetry.meterRegistry());
  }

  @Override
  public void consumeLogs(LogsBatch batch) {
    if (config.logGroups().isEmpty()) {
      next.consumeLogs(batch);
      return;
    }
    ExportLogsServiceRequest.Builder req = batch.request().toBuilder();
    for (OttlGroup<ExportLogsServiceRequest.Builder, ?> group : config.logGroups()) {
      group.run(req, errors);
    }
    next.consumeLogs(LogsBatch.of(req.build()));
  }

  /** Only computes on the batch; what it hands on to is counted by the graph. */
  @Override
  public Capabilities capabilities() {
    return Capabilities.NEVER_BLOCKS;
  }

  @Override
  public String describe() {
    int statements = config.logGroups().stream().mapToInt(OttlGroup::size).sum();
    return "transform (logs): " + statements + " statement" + (statements == 1 ? "" : "s");
  }
}
