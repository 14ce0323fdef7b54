package dev.relay.processor.attributes;

import dev.relay.consumer.Capabilities;
import dev.relay.attraction.AttributeEditor;
import dev.relay.component.LogsProcessor;
import dev.relay.consumer.LogsConsumer;
import dev.relay.otlp.LogsBatch;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;

/**
 * Applies the actions to the attributes of each log record that {@code include}/{@code exclude} let through, on a
 * rebuilt copy of the batch; a batch in which nothing changed goes on as it was.
 */
final class AttributesLogsProcessor implements LogsProcessor {
  private final AttributesConfig config;
  private final LogsConsumer next;

  AttributesLogsProcessor(AttributesConfig config, LogsConsumer next) {
    this.config = config;
    this.next = next;
  }

  @Override
  public void consumeLogs(LogsBatch batch) {
    ExportLogsServiceRequest.Builder req = batch.request().toBuilder();
    MatchProperties include = config.include();
    MatchProperties exclude = config.exclude();
    AttributeEditor.Logs attrs = AttributeEditor.logs();
    for (ResourceLogs.Builder rl : req.getResourceLogsBuilderList()) {
      for (ScopeLogs.Builder sl : rl.getScopeLogsBuilderList()) {
        for (LogRecord.Builder log : sl.getLogRecordsBuilderList()) {
          if (include != null && !include.matchesLog(rl.getResourceOrBuilder(), sl.getScopeOrBuilder(), log)
              || exclude != null && exclude.matchesLog(rl.getResourceOrBuilder(), sl.getScopeOrBuilder(), log)) {
            continue;
          }
          config.actions().apply(attrs.on(log));
        }
      }
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
    return "attributes (logs): " + n + " action" + (n == 1 ? "" : "s");
  }
}
