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
import io.micrometer.core.instrument.Counter;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One {@code GET /tap} client: every item passing the pipeline's tap point that matches the condition is written to
 * the client as a Server-Sent Event holding the same JSON the debug exporter prints in detail, at most {@code rate}
 * a second. Items over the rate, or while the client reads too slowly, are dropped and reported in the stream as
 * {@code event: dropped} with their count.
 *
 * <p>A receiver thread only queues the batch (at most {@link #MAX_QUEUED_BATCHES}; more are dropped), so a slow or
 * pathological {@code match} never slows the data path. Decoding and matching run on the admin server's tap thread,
 * one session at a time, within {@code work_budget} a second (counted over 10 s): past it, the rest of that window's
 * batches are
 * dropped and counted.
 */
final class TapSession implements TapPoint.Tap {
  /** Batches one client may have waiting for the tap thread; they hold the batch's bytes alive. */
  static final int MAX_QUEUED_BATCHES = 4;
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  /**
   * The work budget is {@code work_budget} a second, counted over this many seconds, so that a burst (the first
   * batches, while classes load and code is cold) does not cost a client the rest of its second.
   */
  static final int BUDGET_WINDOW_SECONDS = 10;

  private final SseWriter sse;
  private final Condition<SpanContext> spanMatch;
  private final Condition<LogContext> logMatch;
  private final Condition<MetricContext> metricMatch;
  private final int rate;
  private final LongSupplier nanoTime;
  private final Executor worker;
  private final long budgetNanos;
  private final Counter droppedMeter;
  private final Queue<Batch> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  // Touched only by the tap thread: drain() runs for one session at a time (the scheduled flag).
  private long windowStart;
  private int sentInWindow;
  private long budgetWindowStart;
  private long spentInWindow;

  private TapSession(SseWriter sse, Condition<SpanContext> spanMatch, Condition<LogContext> logMatch,
      Condition<MetricContext> metricMatch, int rate, Executor worker, TapConfig limits, Counter droppedMeter,
      LongSupplier nanoTime) {
    this.sse = sse;
    this.spanMatch = spanMatch;
    this.logMatch = logMatch;
    this.metricMatch = metricMatch;
    this.rate = rate;
    this.nanoTime = nanoTime;
    this.worker = worker;
    this.budgetNanos = limits.workBudget().toNanos() * BUDGET_WINDOW_SECONDS;
    this.droppedMeter = droppedMeter;
    this.windowStart = nanoTime.getAsLong();
    this.budgetWindowStart = windowStart;
  }

  /**
   * A session for {@code pipeline}, with {@code match} compiled in the signal's item context (span, log, metric),
   * matching on {@code worker} (one thread) within {@code limits}' work budget.
   *
   * @throws OttlException when the condition does not compile
   */
  static TapSession open(SseWriter sse, PipelineId pipeline, String match, int rate, Executor worker,
      TapConfig limits, Counter droppedMeter) throws OttlException {
    return open(sse, pipeline, match, rate, worker, limits, droppedMeter, System::nanoTime);
  }

  /** As above, timed by {@code nanoTime}. */
  static TapSession open(SseWriter sse, PipelineId pipeline, String match, int rate, Executor worker,
      TapConfig limits, Counter droppedMeter, LongSupplier nanoTime) throws OttlException {
    return switch (pipeline.signal()) {
      case TRACES -> new TapSession(sse, compile(SpanPaths.compiler(), match), null, null, rate, worker, limits,
          droppedMeter, nanoTime);
      case LOGS -> new TapSession(sse, null, compile(LogPaths.compiler(), match), null, rate, worker, limits,
          droppedMeter, nanoTime);
      case METRICS -> new TapSession(sse, null, null, compile(MetricPaths.metricCompiler(), match), rate, worker,
          limits, droppedMeter, nanoTime);
    };
  }

  private static <C> Condition<C> compile(Compiler<C> compiler, String match) throws OttlException {
    return match == null || match.isBlank() ? Condition.always() : compiler.condition(match);
  }

  /** On a receiver thread: queues the batch for the tap thread, or drops it when this client is behind. */
  @Override
  public void offer(Batch batch) {
    if (!sse.isActive()) {
      return;
    }
    if (queued.incrementAndGet() > MAX_QUEUED_BATCHES) {
      queued.decrementAndGet();
      drop(batch.itemCount());
      return;
    }
    queue.add(batch);
    if (scheduled.compareAndSet(false, true)) {
      worker.execute(this::drain);
    }
  }

  /** On the tap thread: matches what is queued, within the work budget of the current window. */
  private void drain() {
    do {
      Batch b;
      while ((b = queue.poll()) != null) {
        queued.decrementAndGet();
        if (!sse.isActive()) {
          continue;
        }
        long start = nanoTime.getAsLong();
        newWindowIfDue(start);
        if (spentInWindow >= budgetNanos) {
          drop(b.itemCount());
          continue;
        }
        try {
          match(b, start);
        } catch (RuntimeException e) {
          drop(b.itemCount()); // a watcher's failure costs the watcher, never the tap thread
        }
        spentInWindow += nanoTime.getAsLong() - start;
      }
      scheduled.set(false);
      // A batch queued after the poll above and before the flag was cleared found it set: take it on here.
    } while (!queue.isEmpty() && scheduled.compareAndSet(false, true));
  }

  private void match(Batch batch, long start) {
    JsonWriter json = new JsonWriter(1024);
    if (batch instanceof TracesBatch t) {
      SpanContext ctx = new SpanContext();
      for (ResourceSpans rs : t.request().getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          for (Span span : ss.getSpansList()) {
            if (!inBudget(start)) {
              drop(1);
              continue;
            }
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
            if (!inBudget(start)) {
              drop(1);
              continue;
            }
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
            if (!inBudget(start)) {
              drop(1);
              continue;
            }
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

  /** Whether this batch, begun at {@code start}, still fits in this second's work budget. */
  private boolean inBudget(long start) {
    return spentInWindow + (nanoTime.getAsLong() - start) < budgetNanos;
  }

  private static <C> boolean test(Condition<C> match, C ctx) {
    try {
      return match.test(ctx);
    } catch (OttlRuntimeException e) {
      return false; // an item the condition cannot judge is not shown
    }
  }

  /** Whether one more item fits in this second (rate and client); reports the drops of a window that ended. */
  private boolean admit() {
    newWindowIfDue(nanoTime.getAsLong());
    if (sentInWindow >= rate || !sse.isWritable()) {
      drop(1);
      return false;
    }
    sentInWindow++;
    return true;
  }

  private void newWindowIfDue(long now) {
    if (now - budgetWindowStart >= BUDGET_WINDOW_SECONDS * SECOND) {
      budgetWindowStart = now;
      spentInWindow = 0;
    }
    if (now - windowStart >= SECOND) {
      windowStart = now;
      sentInWindow = 0;
      flushDropped();
    }
  }

  private void drop(long items) {
    dropped.addAndGet(items);
    droppedMeter.increment(items);
  }

  /** Tells the client how many items it missed since the last report. Also called by the heartbeat. */
  void flushDropped() {
    long d = dropped.getAndSet(0);
    if (d > 0 && sse.isActive()) {
      sse.dropped(d);
    }
  }
}
