package dev.relay.processor.filter;

import dev.relay.consumer.Capabilities;
import com.google.protobuf.MessageOrBuilder;
import dev.relay.component.ComponentId;
import dev.relay.component.MetricsProcessor;
import dev.relay.component.TelemetrySettings;
import dev.relay.consumer.MetricsConsumer;
import dev.relay.otlp.MetricsBatch;
import dev.relay.otlp.WireCounts;
import dev.relay.ottl.Condition;
import dev.relay.ottl.context.MetricContext;
import dev.relay.processor.OttlErrors;
import io.micrometer.core.instrument.Counter;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Drops metrics any {@code metrics.metric} condition matches and data points any {@code metrics.datapoint} condition
 * matches, then metrics left without data points, and scopes and resources left empty, as the Collector's filter
 * does. A batch from which nothing is dropped goes on as it came.
 */
final class MetricsFilterProcessor implements MetricsProcessor {
  private final FilterConfig config;
  private final MetricsConsumer next;
  private final OttlErrors errors;
  private final Counter droppedPoints;

  MetricsFilterProcessor(ComponentId id, FilterConfig config, MetricsConsumer next, TelemetrySettings telemetry) {
    this.config = config;
    this.next = next;
    this.errors = new OttlErrors(id, telemetry.meterRegistry());
    this.droppedPoints = Counter.builder("relay.processor.filter.dropped.metric.points")
        .tag("processor", id.toString()).register(telemetry.meterRegistry());
  }

  @Override
  public void consumeMetrics(MetricsBatch batch) {
    if (config.metric().isEmpty() && config.datapoint().isEmpty()) {
      next.consumeMetrics(batch);
      return;
    }
    ExportMetricsServiceRequest.Builder out = batch.request().toBuilder();
    boolean changed = filter(out, new MetricContext());
    if (!changed) {
      next.consumeMetrics(batch);
      return;
    }
    MetricsBatch result = MetricsBatch.of(out.build());
    droppedPoints.increment(batch.itemCount() - result.itemCount());
    if (!result.isEmpty()) {
      next.consumeMetrics(result);
    }
  }

  private boolean filter(ExportMetricsServiceRequest.Builder out, MetricContext ctx) {
    boolean changed = false;
    for (int r = out.getResourceMetricsCount() - 1; r >= 0; r--) {
      ResourceMetrics.Builder rm = out.getResourceMetricsBuilder(r);
      for (int s = rm.getScopeMetricsCount() - 1; s >= 0; s--) {
        ScopeMetrics.Builder sm = rm.getScopeMetricsBuilder(s);
        for (int m = sm.getMetricsCount() - 1; m >= 0; m--) {
          Metric.Builder metric = sm.getMetricsBuilder(m);
          int before = WireCounts.dataPoints(metric.build());
          if (any(config.metric(), config.metricTexts(), ctx.set(rm.getResource(), sm.getScope(), metric, null))) {
            sm.removeMetrics(m);
            changed = true;
            continue;
          }
          if (!config.datapoint().isEmpty() && dropPoints(ctx, rm, sm, metric)) {
            changed = true;
            if (before > 0 && WireCounts.dataPoints(metric.build()) == 0) {
              sm.removeMetrics(m);
            }
          }
        }
        if (changed && sm.getMetricsCount() == 0) {
          rm.removeScopeMetrics(s);
        }
      }
      if (changed && rm.getScopeMetricsCount() == 0) {
        out.removeResourceMetrics(r);
      }
    }
    return changed;
  }

  /** Removes the matching points of one metric; true if any went. */
  private boolean dropPoints(MetricContext ctx, ResourceMetrics.Builder rm, ScopeMetrics.Builder sm,
      Metric.Builder metric) {
    return switch (metric.getDataCase()) {
      case GAUGE -> drop(ctx, rm, sm, metric, metric.getGaugeBuilder().getDataPointsCount(),
          i -> metric.getGaugeBuilder().getDataPoints(i), i -> metric.getGaugeBuilder().removeDataPoints(i));
      case SUM -> drop(ctx, rm, sm, metric, metric.getSumBuilder().getDataPointsCount(),
          i -> metric.getSumBuilder().getDataPoints(i), i -> metric.getSumBuilder().removeDataPoints(i));
      case HISTOGRAM -> drop(ctx, rm, sm, metric, metric.getHistogramBuilder().getDataPointsCount(),
          i -> metric.getHistogramBuilder().getDataPoints(i), i -> metric.getHistogramBuilder().removeDataPoints(i));
      case EXPONENTIAL_HISTOGRAM -> drop(ctx, rm, sm, metric, metric.getExponentialHistogramBuilder().getDataPointsCount(),
          i -> metric.getExponentialHistogramBuilder().getDataPoints(i),
          i -> metric.getExponentialHistogramBuilder().removeDataPoints(i));
      case SUMMARY -> drop(ctx, rm, sm, metric, metric.getSummaryBuilder().getDataPointsCount(),
          i -> metric.getSummaryBuilder().getDataPoints(i), i -> metric.getSummaryBuilder().removeDataPoints(i));
      case DATA_NOT_SET -> false;
    };
  }

  private boolean drop(MetricContext ctx, ResourceMetrics.Builder rm, ScopeMetrics.Builder sm, Metric.Builder metric, int count,
      IntFunction<MessageOrBuilder> point, IntFunction<?> remove) {
    boolean any = false;
    for (int i = count - 1; i >= 0; i--) {
      if (any(config.datapoint(), config.datapointTexts(),
          ctx.set(rm.getResource(), sm.getScope(), metric, point.apply(i)))) {
        remove.apply(i);
        any = true;
      }
    }
    return any;
  }

  private boolean any(List<Condition<MetricContext>> conditions, List<String> texts, MetricContext c) {
    return errors.any(conditions, texts, c, config.errorMode());
  }

  /** Only computes on the batch; what it hands on to is counted by the graph. */
  @Override
  public Capabilities capabilities() {
    return Capabilities.NEVER_BLOCKS;
  }

  @Override
  public String describe() {
    return "filter (metrics): " + config.metric().size() + " metric and " + config.datapoint().size()
        + " data point conditions";
  }
}
