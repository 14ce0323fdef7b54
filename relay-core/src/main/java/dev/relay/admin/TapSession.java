package dev.relay.admin;

import dev.relay.component.PipelineId;
import dev.relay.json.JsonWriter;
import dev.relay.json.otlp.LogJson;
import dev.relay.json.otlp.SpanJson;
import dev.relay.ottl.ValueJson;
import dev.relay.otlp.Batch;
import dev.relay.otlp.LogsBatch;
import dev.relay.otlp.MetricsBatch;
import dev.relay.otlp.TracesBatch;
import dev.relay.otlp.WireCounts;
import dev.relay.ottl.Compiler;
import dev.relay.ottl.Condition;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.OttlRuntimeException;
import dev.relay.ottl.context.LogContext;
import dev.relay.ottl.context.LogPaths;
import dev.relay.ottl.context.MetricContext;
import dev.relay.ottl.context.MetricPaths;
import dev.relay.ottl.context.SpanContext;
import dev.relay.ottl.context.SpanPaths;
import dev.relay.pipeline.TapPoint;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One {@code GET /tap} client: every item passing the pipeline's tap point that matches the condition is written to
 * the client as a Server-Sent Event holding the same JSON the debug exporter prints in detail, at most {@code rate}
 * a second. Items over the rate, or while the client reads too slowly, are dropped and reported in the stream as
 * {@code event: dropped} with their count. Runs on receiver threads, which decode and match in parallel; only the
 * rate window is shared.
 */
final class TapSession implements TapPoint.Tap {
  private final SseWriter sse;
  private final Condition<SpanContext> spanMatch;
  private final Condition<LogContext> logMatch;
  private final Condition<MetricContext> metricMatch;
  private final int rate;
  private final LongSupplier nanoTime;
  // Guarded by this: only the rate window, so receiver threads decode and match without waiting on each other.
  private long windowStart;
  private int sentInWindow;
  private long dropped;

  private TapSession(SseWriter sse, Condition<SpanContext> spanMatch, Condition<LogContext> logMatch,
      Condition<MetricContext> metricMatch, int rate, LongSupplier nanoTime) {
    this.sse = sse;
    this.spanMatch = spanMatch;
    this.logMatch = logMatch;
    this.metricMatch = metricMatch;
    this.rate = rate;
    this.nanoTime = nanoTime;
    this.windowStart = nanoTime.getAsLong();
  }

  /**
   * A session for {@code pipeline}, with {@code match} compiled in the signal's item context (span, log, metric).
   *
   * @throws OttlException when the condition does not compile
   */
  static TapSession open(SseWriter sse, PipelineId pipeline, String match, int rate) throws OttlException {
    return switch (pipeline.signal()) {
      case TRACES -> new TapSession(sse, compile(SpanPaths.compiler(), match), null, null, rate, System::nanoTime);
      case LOGS -> new TapSession(sse, null, compile(LogPaths.compiler(), match), null, rate, System::nanoTime);
      case METRICS -> new TapSession(sse, null, null, compile(MetricPaths.metricCompiler(), match), rate,
          System::nanoTime);
    };
  }

  private static <C> Condition<C> compile(Compiler<C> compiler, String match) throws OttlException {
    return match == null || match.isBlank() ? Condition.always() : compiler.condition(match);
  }

  @Override
  public void offer(Batch batch) {
    if (!sse.isActive()) {
      return;
    }
    JsonWriter json = new JsonWriter(1024);
    if (batch instanceof TracesBatch t) {
      SpanContext ctx = new SpanContext();
      for (ResourceSpans rs : t.request().getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          for (Span span : ss.getSpansList()) {
            if (test(spanMatch, ctx.set(rs.getResource(), ss.getScope(), span)) && admit()) {
              SpanJson.write(json.reset(), rs.getResource(), ss.getScope(), span);
              sse.data(json.toByteArray());
            }
          }
        }
      }
    } else if (batch instanceof LogsBatch l) {
      LogContext ctx = new LogContext();
      for (ResourceLogs rl : l.request().getResourceLogsList()) {
        for (ScopeLogs sl : rl.getScopeLogsList()) {
          for (LogRecord r : sl.getLogRecordsList()) {
            if (test(logMatch, ctx.set(rl.getResource(), sl.getScope(), r)) && admit()) {
              LogJson.write(json.reset(), rl.getResource(), sl.getScope(), r);
              sse.data(json.toByteArray());
            }
          }
        }
      }
    } else {
      MetricContext ctx = new MetricContext();
      for (ResourceMetrics rm : ((MetricsBatch) batch).request().getResourceMetricsList()) {
        for (ScopeMetrics sm : rm.getScopeMetricsList()) {
          for (Metric m : sm.getMetricsList()) {
            if (test(metricMatch, ctx.set(rm.getResource(), sm.getScope(), m, null)) && admit()) {
              json.reset().beginObject().name("resource");
              ValueJson.attributes(json, rm.getResource().getAttributesList());
              json.name("scope").beginObject().name("name").value(sm.getScope().getName()).endObject();
              json.name("name").value(m.getName()).name("type")
                  .value(m.getDataCase().name().toLowerCase(java.util.Locale.ROOT)).name("unit").value(m.getUnit())
                  .name("data_points").value(WireCounts.dataPoints(m)).endObject();
              sse.data(json.toByteArray());
            }
          }
        }
      }
    }
  }

  private static <C> boolean test(Condition<C> match, C ctx) {
    try {
      return match.test(ctx);
    } catch (OttlRuntimeException e) {
      return false; // an item the condition cannot judge is not shown
    }
  }

  /** Whether one more item fits in this second; reports the drops of the window that just ended. */
  private synchronized boolean admit() {
    long now = nanoTime.getAsLong();
    if (now - windowStart >= TimeUnit.SECONDS.toNanos(1)) {
      windowStart = now;
      sentInWindow = 0;
      flushDropped();
    }
    if (sentInWindow >= rate || !sse.isWritable()) {
      dropped++;
      return false;
    }
    sentInWindow++;
    return true;
  }

  /** Tells the client how many items it missed since the last report. Also called by the heartbeat. */
  synchronized void flushDropped() {
    if (dropped > 0 && sse.isActive()) {
      sse.dropped(dropped);
      dropped = 0;
    }
  }
}
