package dev.relay.ottl.context;

import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.OttlRuntimeException;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.List;

/**
 * The metric context's editors that change the metric in place or copy it: {@code convert_sum_to_gauge},
 * {@code convert_gauge_to_sum}, {@code scale_metric} and {@code copy_metric}, with the Collector's parameter names.
 */
final class MetricConversions {
  private MetricConversions() {}

  /** {@code convert_sum_to_gauge()}: a sum becomes a gauge with the same points; other types are left alone. */
  static MetricEditor sumToGauge() {
    return new MetricEditor("convert_sum_to_gauge", List.of(), 0, args -> ctx -> {
      Metric.Builder m = ctx.metricBuilder();
      if (m.hasSum()) {
        m.setGauge(Gauge.newBuilder().addAllDataPoints(m.getSum().getDataPointsList()));
      }
    });
  }

  /** {@code convert_gauge_to_sum(aggregation_temporality, is_monotonic)}: a gauge becomes a sum. */
  static MetricEditor gaugeToSum() {
    return new MetricEditor("convert_gauge_to_sum", List.of("string_agg_temp", "monotonic"), 2, args -> {
      AggregationTemporality temporality = MetricEditors.temporality(args, 0, "convert_gauge_to_sum");
      boolean monotonic = args.literalBool(1, false, "is_monotonic");
      return ctx -> {
        Metric.Builder m = ctx.metricBuilder();
        if (m.hasGauge()) {
          m.setSum(Sum.newBuilder().setAggregationTemporality(temporality).setIsMonotonic(monotonic)
              .addAllDataPoints(m.getGauge().getDataPointsList()));
        }
      };
    });
  }

  /** {@code copy_metric(Optional[name], Optional[description], Optional[unit])}: appends a copy to the scope. */
  static MetricEditor copy() {
    return new MetricEditor("copy_metric", List.of("name", "description", "unit"), 0, args -> {
      Getter<MetricContext> name = MetricEditors.optionalString(args, 0);
      Getter<MetricContext> description = MetricEditors.optionalString(args, 1);
      Getter<MetricContext> unit = MetricEditors.optionalString(args, 2);
      return ctx -> {
        Metric.Builder copy = ctx.metricBuilder().build().toBuilder();
        if (name != null) {
          copy.setName(MetricEditors.string(name, ctx, "copy_metric", "name"));
        }
        if (description != null) {
          copy.setDescription(MetricEditors.string(description, ctx, "copy_metric", "description"));
        }
        if (unit != null) {
          copy.setUnit(MetricEditors.string(unit, ctx, "copy_metric", "unit"));
        }
        ctx.scopeMetrics().addMetrics(copy);
      };
    });
  }

  /**
   * {@code scale_metric(factor, Optional[unit])}: multiplies the values of a gauge's, sum's, histogram's (sum, min,
   * max, bounds, exemplars) or summary's (sum, quantile values) points; an exponential histogram fails the item.
   */
  static MetricEditor scale() {
    return new MetricEditor("scale_metric", List.of("multiplier", "unit"), 1, args -> {
      Object literal = args.literal(0);
      if (!(literal instanceof Double) && !(literal instanceof Long)) {
        throw new OttlException("scale_metric: the factor must be a number literal");
      }
      double factor = ((Number) literal).doubleValue();
      Getter<MetricContext> unit = MetricEditors.optionalString(args, 1);
      return ctx -> {
        Metric.Builder m = ctx.metricBuilder();
        String newUnit = unit == null ? null : MetricEditors.string(unit, ctx, "scale_metric", "unit");
        switch (m.getDataCase()) {
          case GAUGE -> m.getGaugeBuilder().getDataPointsBuilderList().forEach(p -> scale(p, factor));
          case SUM -> m.getSumBuilder().getDataPointsBuilderList().forEach(p -> scale(p, factor));
          case HISTOGRAM -> m.getHistogramBuilder().getDataPointsBuilderList().forEach(p -> scale(p, factor));
          case SUMMARY -> m.getSummaryBuilder().getDataPointsBuilderList().forEach(p -> scale(p, factor));
          case EXPONENTIAL_HISTOGRAM -> throw new OttlRuntimeException(
              "exponential histograms are not supported by the 'scale_metric' function");
          case DATA_NOT_SET -> throw new OttlRuntimeException("unsupported metric type: 'Empty'");
        }
        if (newUnit != null) {
          m.setUnit(newUnit);
        }
      };
    });
  }

  private static void scale(NumberDataPoint.Builder p, double factor) {
    // As the Collector: an int value is scaled as a float and truncated back to an int.
    switch (p.getValueCase()) {
      case AS_INT -> p.setAsInt((long) (p.getAsInt() * factor));
      case AS_DOUBLE -> p.setAsDouble(p.getAsDouble() * factor);
      default -> { }
    }
  }

  private static void scale(HistogramDataPoint.Builder p, double factor) {
    if (p.hasSum()) {
      p.setSum(p.getSum() * factor);
    }
    if (p.hasMin()) {
      p.setMin(p.getMin() * factor);
    }
    if (p.hasMax()) {
      p.setMax(p.getMax() * factor);
    }
    for (int i = 0; i < p.getExplicitBoundsCount(); i++) {
      p.setExplicitBounds(i, p.getExplicitBounds(i) * factor);
    }
    for (Exemplar.Builder e : p.getExemplarsBuilderList()) {
      switch (e.getValueCase()) {
        case AS_INT -> e.setAsInt((long) (e.getAsInt() * factor));
        case AS_DOUBLE -> e.setAsDouble(e.getAsDouble() * factor);
        default -> { }
      }
    }
  }

  private static void scale(SummaryDataPoint.Builder p, double factor) {
    p.setSum(p.getSum() * factor);
    for (SummaryDataPoint.ValueAtQuantile.Builder q : p.getQuantileValuesBuilderList()) {
      q.setValue(q.getValue() * factor);
    }
  }
}
