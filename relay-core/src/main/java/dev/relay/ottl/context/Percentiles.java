package dev.relay.ottl.context;

import dev.relay.ottl.OttlException;
import dev.relay.ottl.OttlRuntimeException;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.MetricOrBuilder;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.math.BigDecimal;
import java.util.List;

/**
 * {@code extract_percentile_metric(percentile, Optional[suffix])} of the metric context: appends a gauge
 * {@code <name>_p<percentile>} with, per histogram point, the percentile estimated from its buckets: linearly within
 * an explicit bucket (from the point's min, or 0, below the first bound; up to its max above the last), and
 * logarithmically within an exponential bucket. A point without observations gives NaN.
 */
final class Percentiles {
  private Percentiles() {}

  static MetricEditor extract() {
    return new MetricEditor("extract_percentile_metric", List.of("percentile", "suffix"), 1, args -> {
      Object literal = args.literal(0);
      if (!(literal instanceof Double) && !(literal instanceof Long)) {
        throw new OttlException("extract_percentile_metric: the percentile must be a number literal");
      }
      double percentile = ((Number) literal).doubleValue();
      if (!(percentile > 0 && percentile < 100)) {
        throw new OttlException("extract_percentile_metric: percentile must be greater than 0 and less than 100, got "
            + literal);
      }
      String shown = new BigDecimal(Double.toString(percentile)).stripTrailingZeros().toPlainString();
      String suffix = args.has(1) ? args.literalString(1, "the suffix") : "_p" + shown;
      return ctx -> {
        MetricOrBuilder m = ctx.metric();
        Gauge.Builder gauge = Gauge.newBuilder();
        if (m.hasHistogram()) {
          for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
            gauge.addDataPoints(NumberDataPoint.newBuilder().addAllAttributes(p.getAttributesList())
                .setAsDouble(explicit(p, percentile)).setStartTimeUnixNano(p.getStartTimeUnixNano())
                .setTimeUnixNano(p.getTimeUnixNano()));
          }
        } else if (m.hasExponentialHistogram()) {
          for (ExponentialHistogramDataPoint p : m.getExponentialHistogram().getDataPointsList()) {
            gauge.addDataPoints(NumberDataPoint.newBuilder().addAllAttributes(p.getAttributesList())
                .setAsDouble(ExponentialPercentile.of(p, percentile)).setStartTimeUnixNano(p.getStartTimeUnixNano())
                .setTimeUnixNano(p.getTimeUnixNano()));
          }
        }
        if (gauge.getDataPointsCount() > 0) {
          ctx.scopeMetrics().addMetrics(Metric.newBuilder().setName(m.getName() + suffix)
              .setDescription(m.getDescription() + " (p" + shown + ")").setUnit(m.getUnit()).setGauge(gauge));
        }
      };
    });
  }

  static double explicit(HistogramDataPoint p, double percentile) {
    if (p.getCount() == 0 || p.getBucketCountsCount() == 0 || p.getExplicitBoundsCount() == 0) {
      return Double.NaN;
    }
    long target = (long) Math.ceil(p.getCount() * (percentile / 100.0));
    long cumulative = 0;
    for (int i = 0; i < p.getBucketCountsCount(); i++) {
      long before = cumulative;
      cumulative += p.getBucketCounts(i);
      if (cumulative < target) {
        continue;
      }
      double lower;
      double upper;
      if (i == 0) {
        upper = p.getExplicitBounds(0);
        if (p.hasMin()) {
          lower = p.getMin();
        } else if (upper >= 0) {
          lower = 0;
        } else {
          return upper;
        }
      } else {
        lower = p.getExplicitBounds(i - 1);
        if (i < p.getExplicitBoundsCount()) {
          upper = p.getExplicitBounds(i);
        } else if (p.hasMax() && p.getMax() > lower) {
          upper = p.getMax();
        } else {
          return lower;
        }
      }
      double ratio = (double) (target - before) / p.getBucketCounts(i);
      return lower + ratio * (upper - lower);
    }
    throw new OttlRuntimeException("extract_percentile_metric: percentile p" + percentile + " not found in the"
        + " histogram's buckets: the bucket counts (" + cumulative + ") do not reach " + target + " of count "
        + p.getCount());
  }
}
