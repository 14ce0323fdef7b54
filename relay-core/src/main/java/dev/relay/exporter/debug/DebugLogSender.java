package dev.relay.exporter.debug;

import dev.relay.component.ComponentId;
import dev.relay.exporter.BatchSender;
import dev.relay.exporter.debug.DebugExporterConfig.Verbosity;
import dev.relay.json.JsonWriter;
import dev.relay.json.otlp.SpanJson;
import dev.relay.ottl.ValueJson;
import dev.relay.ottl.Id;
import dev.relay.json.otlp.LogJson;
import dev.relay.otlp.Batch;
import dev.relay.otlp.LogsBatch;
import dev.relay.otlp.MetricsBatch;
import dev.relay.otlp.TracesBatch;
import dev.relay.otlp.WireCounts;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches to the log, each signal's batches sampled as {@code sampling_initial} and
 * {@code sampling_thereafter} say: a batch sampled out is not logged at all, as a Collector log entry (which holds
 * the whole batch) is not.
 */
final class DebugLogSender implements BatchSender {
  private static final Logger LOG = LoggerFactory.getLogger("dev.relay.exporter.debug");
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  /** Where the lines go: the log, or a test's list. */
  interface Out {
    void info(String format, Object... args);
  }

  private final ComponentId id;
  private final Verbosity verbosity;
  private final Out out;
  private final LogSampler traces;
  private final LogSampler logs;
  private final LogSampler metrics;
  private final String sampling;
  private final JsonWriter json = new JsonWriter(4096);

  DebugLogSender(ComponentId id, DebugExporterConfig config) {
    this(id, config, LOG::info, System::nanoTime);
  }

  DebugLogSender(ComponentId id, DebugExporterConfig config, Out out, java.util.function.LongSupplier nanoTime) {
    this.id = id;
    this.verbosity = config.verbosity();
    this.out = out;
    this.traces = new LogSampler(config.samplingInitial(), config.samplingThereafter(), nanoTime);
    this.logs = new LogSampler(config.samplingInitial(), config.samplingThereafter(), nanoTime);
    this.metrics = new LogSampler(config.samplingInitial(), config.samplingThereafter(), nanoTime);
    this.sampling = config.samplingThereafter() == 1 ? "" : ", each second the first " + config.samplingInitial()
        + " batches of a signal, then " + (config.samplingThereafter() == 0 ? "none"
            : "every " + config.samplingThereafter() + "th");
  }

  @Override
  public CompletableFuture<Void> send(List<Batch> batches, Duration timeout) {
    for (Batch batch : batches) {
      if (batch instanceof TracesBatch t) {
        if (traces.sample()) {
          log(t);
        }
      } else if (batch instanceof LogsBatch l) {
        if (logs.sample()) {
          log(l);
        }
      } else if (metrics.sample()) {
        log((MetricsBatch) batch);
      }
    }
    return DONE;
  }

  private void log(LogsBatch batch) {
    var request = batch.request();
    if (verbosity != Verbosity.BASIC) {
      for (ResourceLogs rl : request.getResourceLogsList()) {
        for (ScopeLogs sl : rl.getScopeLogsList()) {
          for (LogRecord r : sl.getLogRecordsList()) {
            json.reset();
            if (verbosity == Verbosity.DETAILED) {
              LogJson.write(json, rl.getResource(), sl.getScope(), r);
              out.info("{} {}", id, json);
            } else {
              ValueJson.attributes(json, r.getAttributesList());
              out.info("{} log {} severity={} trace_id={} span_id={} body={} {}", id, r.getEventName(),
                  r.getSeverityText().isEmpty() ? r.getSeverityNumberValue() : r.getSeverityText(),
                  Id.hex(r.getTraceId()), Id.hex(r.getSpanId()), bodyText(r), json);
            }
          }
        }
      }
    }
    out.info("{} logs: {} resource logs, {} log records", id, request.getResourceLogsCount(), batch.itemCount());
  }

  private String bodyText(LogRecord r) {
    JsonWriter w = new JsonWriter(256);
    ValueJson.write(w, dev.relay.ottl.Values.fromAny(r.getBody()));
    return w.toString();
  }

  private void log(MetricsBatch batch) {
    var request = batch.request();
    int metrics = 0;
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        metrics += sm.getMetricsCount();
        if (verbosity != Verbosity.BASIC) {
          for (Metric m : sm.getMetricsList()) {
            out.info("{} metric {} type={} unit={} data_points={}", id, m.getName(),
                m.getDataCase().name().toLowerCase(java.util.Locale.ROOT), m.getUnit(), WireCounts.dataPoints(m));
          }
        }
      }
    }
    out.info("{} metrics: {} resource metrics, {} metrics, {} data points", id, request.getResourceMetricsCount(),
        metrics, batch.itemCount());
  }

  private void log(TracesBatch batch) {
    int events = 0;
    var request = batch.request();
    for (ResourceSpans rs : request.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          events += span.getEventsCount();
          if (verbosity == Verbosity.NORMAL) {
            out.info("{} span {} trace_id={} span_id={} kind={} status={} events={}", id, span.getName(),
                Id.hex(span.getTraceId()), Id.hex(span.getSpanId()), span.getKind(), span.getStatus().getCode(),
                span.getEventsCount());
            for (Span.Event e : span.getEventsList()) {
              json.reset();
              ValueJson.attributes(json, e.getAttributesList());
              out.info("{}   event {} {}", id, e.getName(), json);
            }
          } else if (verbosity == Verbosity.DETAILED) {
            SpanJson.write(json.reset(), rs.getResource(), ss.getScope(), span);
            out.info("{} {}", id, json);
          }
        }
      }
    }
    out.info("{} traces: {} resource spans, {} spans, {} span events", id,
        request.getResourceSpansCount(), batch.spanCount(), events);
  }

  @Override
  public String describe() {
    return "log (verbosity " + verbosity.name().toLowerCase(java.util.Locale.ROOT) + sampling + ")";
  }
}
