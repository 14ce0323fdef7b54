package dev.relay.processor.filter;

import dev.relay.consumer.Capabilities;
import dev.relay.component.ComponentId;
import dev.relay.component.LogsProcessor;
import dev.relay.component.TelemetrySettings;
import dev.relay.consumer.LogsConsumer;
import dev.relay.otlp.LogsBatch;
import dev.relay.ottl.context.LogContext;
import dev.relay.processor.OttlErrors;
import io.micrometer.core.instrument.Counter;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops log records any {@code logs.log_record} condition matches, then scopes and resources left empty. A batch
 * from which nothing is dropped goes on as it came (its received bytes are still forwarded).
 */
final class LogsFilterProcessor implements LogsProcessor {
  private final FilterConfig config;
  private final LogsConsumer next;
  private final OttlErrors errors;
  private final Counter dropped;

  LogsFilterProcessor(ComponentId id, FilterConfig config, LogsConsumer next, TelemetrySettings telemetry) {
    this.config = config;
    this.next = next;
    this.errors = new OttlErrors(id, telemetry.meterRegistry());
    this.dropped = Counter.builder("relay.processor.filter.dropped.log.records").tag("processor", id.toString())
        .register(telemetry.meterRegistry());
  }

  /** Where a dropped record is. */
  private record Drop(int resource, int scope, int record) {}

  @Override
  public void consumeLogs(LogsBatch batch) {
    if (config.logRecord().isEmpty()) {
      next.consumeLogs(batch);
      return;
    }
    ExportLogsServiceRequest req = batch.request();
    List<Drop> drops = new ArrayList<>(0);
    LogContext ctx = new LogContext();
    for (int r = 0; r < req.getResourceLogsCount(); r++) {
      ResourceLogs rl = req.getResourceLogs(r);
      for (int s = 0; s < rl.getScopeLogsCount(); s++) {
        ScopeLogs sl = rl.getScopeLogs(s);
        for (int i = 0; i < sl.getLogRecordsCount(); i++) {
          if (any(ctx.set(rl.getResource(), sl.getScope(), sl.getLogRecords(i)))) {
            drops.add(new Drop(r, s, i));
          }
        }
      }
    }
    if (drops.isEmpty()) {
      next.consumeLogs(batch);
      return;
    }
    ExportLogsServiceRequest.Builder out = req.toBuilder();
    for (int d = drops.size() - 1; d >= 0; d--) {
      Drop drop = drops.get(d);
      out.getResourceLogsBuilder(drop.resource()).getScopeLogsBuilder(drop.scope()).removeLogRecords(drop.record());
    }
    for (int r = out.getResourceLogsCount() - 1; r >= 0; r--) {
      ResourceLogs.Builder rl = out.getResourceLogsBuilder(r);
      for (int s = rl.getScopeLogsCount() - 1; s >= 0; s--) {
        if (rl.getScopeLogs(s).getLogRecordsCount() == 0) {
          rl.removeScopeLogs(s);
        }
      }
      if (rl.getScopeLogsCount() == 0) {
        out.removeResourceLogs(r);
      }
    }
    dropped.increment(drops.size());
    LogsBatch changed = LogsBatch.of(out.build());
    if (!changed.isEmpty()) {
      next.consumeLogs(changed);
    }
  }

  private boolean any(LogContext ctx) {
    return errors.any(config.logRecord(), config.logRecordTexts(), ctx, config.errorMode());
  }

  /** Only computes on the batch; what it hands on to is counted by the graph. */
  @Override
  public Capabilities capabilities() {
    return Capabilities.NEVER_BLOCKS;
  }

  @Override
  public String describe() {
    return "filter (logs): " + config.logRecord().size() + " log record conditions";
  }
}
