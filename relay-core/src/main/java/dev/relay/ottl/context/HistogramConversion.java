package dev.relay.ottl.context;

import dev.relay.ottl.OttlException;
import dev.relay.ottl.OttlRuntimeException;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code convert_exponential_histogram_to_histogram(distribution_fn, explicit_bounds)} of the metric context
 * (contrib func_convert_exponential_hist_to_explicit_hist.go): an exponential histogram becomes an explicit one with
 * the given bounds, each point's buckets redistributed by {@link ExponentialToExplicit}; other types are left alone.
 * A point that cannot be converted fails the item and leaves the metric as it was.
 */
final class HistogramConversion {
  static final String NAME = "convert_exponential_histogram_to_histogram";

  private HistogramConversion() {}

  static MetricEditor exponentialToExplicit() {
    return new MetricEditor(NAME, List.of("distribution_fn", "explicit_bounds"), 2, args -> {
      String name = args.literalString(0, "the distribution");
      if (name.isEmpty()) {
        name = "random";
      }
      double[] bounds = args.literalFloats(1, "the explicit bounds");
      String invalid = ExponentialToExplicit.invalid(bounds, name);
      if (invalid != null) {
        throw new OttlException(NAME + ": " + invalid);
      }
      ExponentialToExplicit conversion = new ExponentialToExplicit(bounds, ExponentialToExplicit.distribution(name),
          () -> ThreadLocalRandom.current().nextLong());
      return ctx -> {
        Metric.Builder m = ctx.metricBuilder();
        if (m.hasExponentialHistogram()) {
          convert(m, conversion, bounds);
        }
      };
    });
  }

  private static void convert(Metric.Builder m, ExponentialToExplicit conversion, double[] bounds) {
    ExponentialHistogram source = m.getExponentialHistogram();
    Histogram.Builder target = Histogram.newBuilder().setAggregationTemporality(source.getAggregationTemporality());
    for (int i = 0; i < source.getDataPointsCount(); i++) {
      ExponentialHistogramDataPoint p = source.getDataPoints(i);
      long[] counts;
      try {
        counts = conversion.convert(p);
      } catch (ExponentialToExplicit.ConversionException e) {
        throw new OttlRuntimeException("converting exponential histogram data point " + i + ": " + e.getMessage());
      }
      HistogramDataPoint.Builder h = target.addDataPointsBuilder().setStartTimeUnixNano(p.getStartTimeUnixNano())
          .setTimeUnixNano(p.getTimeUnixNano()).setCount(p.getCount()).setFlags(p.getFlags())
          .addAllExemplars(p.getExemplarsList()).addAllAttributes(p.getAttributesList());
      if (p.hasSum()) {
        h.setSum(p.getSum());
      }
      if (p.hasMin()) {
        h.setMin(p.getMin());
      }
      if (p.hasMax()) {
        h.setMax(p.getMax());
      }
      for (double b : bounds) {
        h.addExplicitBounds(b);
      }
      for (long c : counts) {
        h.addBucketCounts(c);
      }
    }
    // As the Collector, which builds a new metric from the name, description and unit: metadata does not carry over.
    m.clearMetadata().setHistogram(target);
  }
}
