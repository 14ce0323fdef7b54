package dev.relay.ottl.context;

import dev.relay.ottl.EditorArgs;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.OttlRuntimeException;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.MetricOrBuilder;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.math.BigDecimal;
import java.util.List;

/**
 * Editors that append a new sum metric made from another metric's points: {@code extract_sum_metric} and
 * {@code extract_count_metric} (metric context, histograms and summaries) and
 * {@code convert_summary_count_val_to_sum} and {@code convert_summary_sum_val_to_sum} (datapoint context, summaries);
 * and {@code convert_summary_quantile_val_to_gauge}, which appends a gauge.
 */
final class DerivedMetrics {
  private DerivedMetrics() {}

  /** {@code extract_sum_metric(is_monotonic, Optional[suffix])}; points of a histogram without a sum are skipped. */
  static MetricEditor extractSum() {
    return extract("extract_sum_metric", "_sum", true);
  }

  /** {@code extract_count_metric(is_monotonic, Optional[suffix])}; the new metric's unit is "1". */
  static MetricEditor extractCount() {
    return extract("extract_count_metric", "_count", false);
  }

  static MetricEditor summaryCountToSum() {
    return summaryToSum("convert_summary_count_val_to_sum", "_count", false);
  }

  static MetricEditor summarySumToSum() {
    return summaryToSum("convert_summary_sum_val_to_sum", "_sum", true);
  }

  /**
   * {@code convert_summary_quantile_val_to_gauge(Optional[attribute_key], Optional[suffix])}: appends a gauge
   * {@code <name>.quantiles} with one point per quantile of each summary point, the quantile in an attribute
   * ({@code quantile} by default) written as the Collector writes it ("0.50", "0.99", "1").
   */
  static MetricEditor summaryQuantilesToGauge() {
    return new MetricEditor("convert_summary_quantile_val_to_gauge", List.of("attribute_key", "suffix"), 0, args -> {
      String key = args.has(0) ? args.literalString(0, "the attribute key") : "quantile";
      String suffix = suffix(args, 1, ".quantiles");
      return ctx -> {
        MetricOrBuilder m = ctx.metric();
        if (!m.hasSummary()) {
          return;
        }
        Gauge.Builder gauge = Gauge.newBuilder();
        for (SummaryDataPoint p : m.getSummary().getDataPointsList()) {
          for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
            gauge.addDataPoints(NumberDataPoint.newBuilder().addAllAttributes(p.getAttributesList())
                .addAttributes(KeyValue.newBuilder().setKey(key).setValue(
                    AnyValue.newBuilder().setStringValue(quantile(q.getQuantile()))))
                .setAsDouble(q.getValue()).setStartTimeUnixNano(p.getStartTimeUnixNano())
                .setTimeUnixNano(p.getTimeUnixNano()));
          }
        }
        ctx.scopeMetrics().addMetrics(Metric.newBuilder().setName(m.getName() + suffix)
            .setDescription(m.getDescription()).setUnit(m.getUnit()).setGauge(gauge));
      };
    });
  }

  /** As Go's shortest float formatting, with a second decimal added to a single one: 0.5 is "0.50". */
  static String quantile(double q) {
    String s = new BigDecimal(Double.toString(q)).stripTrailingZeros().toPlainString();
    return s.length() < 4 && !s.equals("0") && !s.equals("1") ? s + "0" : s;
  }

  private static String suffix(EditorArgs<MetricContext> args, int i, String defaultSuffix) throws OttlException {
    return args.has(i) ? args.literalString(i, "the suffix") : defaultSuffix;
  }

  private static MetricEditor extract(String function, String defaultSuffix, boolean sum) {
    return new MetricEditor(function, List.of("monotonic", "suffix"), 1, args -> {
      boolean monotonic = args.literalBool(0, false, "is_monotonic");
      String suffix = suffix(args, 1, defaultSuffix);
      return ctx -> {
        MetricOrBuilder m = ctx.metric();
        AggregationTemporality temporality = switch (m.getDataCase()) {
          case HISTOGRAM -> m.getHistogram().getAggregationTemporality();
          case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getAggregationTemporality();
          // Summaries have none; the OpenMetrics spec says they are cumulative.
          case SUMMARY -> AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
          default -> AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED;
        };
        if (temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED) {
          throw new OttlRuntimeException(function + " requires an input metric of type Histogram, "
              + "ExponentialHistogram or Summary, got " + typeName(m));
        }
        Sum.Builder out = Sum.newBuilder().setAggregationTemporality(temporality).setIsMonotonic(monotonic);
        switch (m.getDataCase()) {
          case HISTOGRAM -> m.getHistogram().getDataPointsList().forEach(p -> {
            if (!sum || p.hasSum()) {
              out.addDataPoints(point(p.getAttributesList(), p.getStartTimeUnixNano(), p.getTimeUnixNano(),
                  sum, p.getSum(), p.getCount()));
            }
          });
          case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsList().forEach(p -> {
            if (!sum || p.hasSum()) {
              out.addDataPoints(point(p.getAttributesList(), p.getStartTimeUnixNano(), p.getTimeUnixNano(),
                  sum, p.getSum(), p.getCount()));
            }
          });
          default -> m.getSummary().getDataPointsList().forEach(p -> out.addDataPoints(point(p.getAttributesList(),
              p.getStartTimeUnixNano(), p.getTimeUnixNano(), sum, p.getSum(), p.getCount())));
        }
        if (out.getDataPointsCount() > 0) {
          ctx.scopeMetrics().addMetrics(Metric.newBuilder().setName(m.getName() + suffix)
              .setDescription(m.getDescription()).setUnit(sum ? m.getUnit() : "1").setSum(out));
        }
      };
    });
  }

  /**
   * {@code convert_summary_*_val_to_sum(aggregation_temporality, is_monotonic, Optional[suffix])}. As in the
   * Collector, this runs once per data point and each run appends a metric with every point of the summary: it is
   * meant for summaries of one point.
   */
  private static MetricEditor summaryToSum(String function, String defaultSuffix, boolean sum) {
    return new MetricEditor(function, List.of("string_agg_temp", "monotonic", "suffix"), 2, args -> {
      AggregationTemporality temporality = MetricEditors.temporality(args, 0, function);
      boolean monotonic = args.literalBool(1, false, "is_monotonic");
      String suffix = suffix(args, 2, defaultSuffix);
      return ctx -> {
        MetricOrBuilder m = ctx.metric();
        if (!m.hasSummary()) {
          return;
        }
        Sum.Builder out = Sum.newBuilder().setAggregationTemporality(temporality).setIsMonotonic(monotonic);
        for (SummaryDataPoint p : m.getSummary().getDataPointsList()) {
          out.addDataPoints(point(p.getAttributesList(), p.getStartTimeUnixNano(), p.getTimeUnixNano(), sum,
              p.getSum(), p.getCount()));
        }
        ctx.scopeMetrics().addMetrics(Metric.newBuilder().setName(m.getName() + suffix)
            .setDescription(m.getDescription()).setSum(out));
      };
    });
  }

  private static NumberDataPoint point(List<KeyValue> attributes, long start, long time, boolean sum,
      double sumValue, long count) {
    NumberDataPoint.Builder p = NumberDataPoint.newBuilder().addAllAttributes(attributes)
        .setStartTimeUnixNano(start).setTimeUnixNano(time);
    return (sum ? p.setAsDouble(sumValue) : p.setAsInt(count)).build();
  }

  /** The type as the Collector names it in messages. */
  static String typeName(MetricOrBuilder m) {
    return switch (m.getDataCase()) {
      case GAUGE -> "Gauge";
      case SUM -> "Sum";
      case HISTOGRAM -> "Histogram";
      case EXPONENTIAL_HISTOGRAM -> "ExponentialHistogram";
      case SUMMARY -> "Summary";
      case DATA_NOT_SET -> "Empty";
    };
  }
}
