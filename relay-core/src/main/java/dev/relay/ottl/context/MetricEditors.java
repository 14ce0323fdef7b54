package dev.relay.ottl.context;

import dev.relay.ottl.Editor;
import dev.relay.ottl.EditorArgs;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.OttlRuntimeException;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;

/**
 * The transform processor's metric-only editors (contrib processor/transformprocessor/internal/metrics), by the
 * context that has them, as the Collector registers them.
 */
final class MetricEditors {
  private MetricEditors() {}

  static Editor[] metricContext() {
    return new Editor[] {MetricConversions.sumToGauge(), MetricConversions.gaugeToSum(), MetricConversions.copy(),
        MetricConversions.scale(), DerivedMetrics.extractSum(), DerivedMetrics.extractCount(),
        Aggregations.onAttributes(), Aggregations.onAttributeValue(), DerivedMetrics.summaryQuantilesToGauge(),
        Percentiles.extract(), HistogramConversion.exponentialToExplicit()};
  }

  static Editor[] datapointContext() {
    return new Editor[] {DerivedMetrics.summaryCountToSum(), DerivedMetrics.summarySumToSum(),
        HistogramBuckets.merge()};
  }

  /** {@code "delta"} or {@code "cumulative"}, as the Collector's functions take an aggregation temporality. */
  static AggregationTemporality temporality(EditorArgs<MetricContext> args, int i, String function)
      throws OttlException {
    String text = args.literalString(i, "the aggregation temporality");
    return switch (text) {
      case "delta" -> AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
      case "cumulative" -> AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
      default -> throw new OttlException(function + ": unknown aggregation temporality: " + text);
    };
  }

  /** An optional string argument read per item (a StringGetter in the Collector); null when absent. */
  static Getter<MetricContext> optionalString(EditorArgs<MetricContext> args, int i) throws OttlException {
    return args.has(i) ? args.getter(i) : null;
  }

  static String string(Getter<MetricContext> g, MetricContext ctx, String function, String what) {
    Object v = g.get(ctx);
    if (v instanceof String s) {
      return s;
    }
    throw new OttlRuntimeException(function + ": " + what + " must be a string, not " + FieldValues.typeName(v));
  }
}
