package dev.relay.processor.batch;

import dev.relay.otlp.Batch;
import dev.relay.otlp.LogsBatch;
import dev.relay.otlp.MetricsBatch;
import dev.relay.otlp.TracesBatch;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a batch into batches of at most {@code max} items, in order, as the Collector's batch processor splits a
 * batch above {@code send_batch_max_size}: each part keeps the resource and scope of its items (a resource or scope
 * whose items straddle two parts appears in both), and a metric whose data points straddle two parts is in both,
 * each with its share of the points. Splitting decodes and encodes, so the processor does it only for a batch above
 * the maximum, outside its lock.
 */
final class BatchSplitter {
  private BatchSplitter() {}

  /** {@code batch} in parts of {@code max} items, the last holding what is left; one part when it is no larger. */
  static List<Batch> split(Batch batch, int max) {
    if (max <= 0 || batch.itemCount() <= max) {
      return List.of(batch);
    }
    return switch (batch.signal()) {
      case TRACES -> traces(((TracesBatch) batch).request(), max);
      case LOGS -> logs(((LogsBatch) batch).request(), max);
      case METRICS -> metrics(((MetricsBatch) batch).request(), max);
    };
  }

  private static List<Batch> traces(ExportTraceServiceRequest request, int max) {
    List<Batch> parts = new ArrayList<>();
    ExportTraceServiceRequest.Builder part = ExportTraceServiceRequest.newBuilder();
    int room = max;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      ResourceSpans.Builder resource = null;
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        int at = 0;
        int n = ss.getSpansCount();
        while (at < n) {
          int take = Math.min(room, n - at);
          if (resource == null) {
            resource = rs.toBuilder().clearScopeSpans();
          }
          resource.addScopeSpans(ss.toBuilder().clearSpans().addAllSpans(ss.getSpansList().subList(at, at + take)));
          at += take;
          room -= take;
          if (room == 0) {
            parts.add(TracesBatch.of(part.addResourceSpans(resource).build()));
            part = ExportTraceServiceRequest.newBuilder();
            resource = null;
            room = max;
          }
        }
      }
      if (resource != null) {
        part.addResourceSpans(resource);
      }
    }
    if (room < max) {
      parts.add(TracesBatch.of(part.build()));
    }
    return parts;
  }

  private static List<Batch> logs(ExportLogsServiceRequest request, int max) {
    List<Batch> parts = new ArrayList<>();
    ExportLogsServiceRequest.Builder part = ExportLogsServiceRequest.newBuilder();
    int room = max;
    for (ResourceLogs rl : request.getResourceLogsList()) {
      ResourceLogs.Builder resource = null;
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        int at = 0;
        int n = sl.getLogRecordsCount();
        while (at < n) {
          int take = Math.min(room, n - at);
          if (resource == null) {
            resource = rl.toBuilder().clearScopeLogs();
          }
          resource.addScopeLogs(sl.toBuilder().clearLogRecords()
              .addAllLogRecords(sl.getLogRecordsList().subList(at, at + take)));
          at += take;
          room -= take;
          if (room == 0) {
            parts.add(LogsBatch.of(part.addResourceLogs(resource).build()));
            part = ExportLogsServiceRequest.newBuilder();
            resource = null;
            room = max;
          }
        }
      }
      if (resource != null) {
        part.addResourceLogs(resource);
      }
    }
    if (room < max) {
      parts.add(LogsBatch.of(part.build()));
    }
    return parts;
  }

  private static List<Batch> metrics(ExportMetricsServiceRequest request, int max) {
    List<Batch> parts = new ArrayList<>();
    ExportMetricsServiceRequest.Builder part = ExportMetricsServiceRequest.newBuilder();
    int room = max;
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      ResourceMetrics.Builder resource = null;
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        ScopeMetrics.Builder scope = null;
        for (Metric m : sm.getMetricsList()) {
          int at = 0;
          int n = MetricPoints.count(m);
          while (at < n) {
            int take = Math.min(room, n - at);
            if (scope == null) {
              scope = sm.toBuilder().clearMetrics();
            }
            scope.addMetrics(take == n ? m : MetricPoints.slice(m, at, at + take));
            at += take;
            room -= take;
            if (room == 0) {
              if (resource == null) {
                resource = rm.toBuilder().clearScopeMetrics();
              }
              parts.add(MetricsBatch.of(part.addResourceMetrics(resource.addScopeMetrics(scope)).build()));
              part = ExportMetricsServiceRequest.newBuilder();
              resource = null;
              scope = null;
              room = max;
            }
          }
        }
        if (scope != null) {
          if (resource == null) {
            resource = rm.toBuilder().clearScopeMetrics();
          }
          resource.addScopeMetrics(scope);
        }
      }
      if (resource != null) {
        part.addResourceMetrics(resource);
      }
    }
    if (room < max) {
      parts.add(MetricsBatch.of(part.build()));
    }
    return parts;
  }
}
