package dev.relay.ottl.context;

import dev.relay.ottl.OttlRuntimeException;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;

/**
 * A percentile of an exponential histogram point, as the Collector's extract_percentile_metric estimates it:
 * negative buckets, then the zero bucket (linearly), then positive buckets, interpolating logarithmically within a
 * bucket whose bounds come from the scale (the data model's formulas).
 */
final class ExponentialPercentile {
  private ExponentialPercentile() {}

  static double of(ExponentialHistogramDataPoint p, double percentile) {
    var negative = p.getNegative();
    var positive = p.getPositive();
    if (p.getCount() == 0 || (negative.getBucketCountsCount() == 0 && positive.getBucketCountsCount() == 0
        && p.getZeroCount() == 0)) {
      return Double.NaN;
    }
    long target = (long) Math.ceil(p.getCount() * (percentile / 100.0));
    int scale = p.getScale();
    long cumulative = 0;
    for (int i = 0; i < negative.getBucketCountsCount(); i++) {
      long before = cumulative;
      cumulative += negative.getBucketCounts(i);
      if (cumulative >= target) {
        int index = negative.getOffset() + i;
        double ratio = (double) (target - before) / negative.getBucketCounts(i);
        // moving from less negative to more negative
        return -logInterpolation(bound(index, scale), bound(index + 1, scale), 1 - ratio);
      }
    }
    long afterZero = cumulative + p.getZeroCount();
    if (afterZero >= target) {
      boolean hasNegative = negative.getBucketCountsCount() != 0;
      boolean hasPositive = positive.getBucketCountsCount() != 0;
      double lower = !hasNegative && hasPositive ? 0 : -p.getZeroThreshold();
      double upper = !hasPositive && hasNegative ? 0 : p.getZeroThreshold();
      double ratio = (double) (target - cumulative) / p.getZeroCount();
      return lower + ratio * (upper - lower);
    }
    cumulative = afterZero;
    for (int i = 0; i < positive.getBucketCountsCount(); i++) {
      long before = cumulative;
      cumulative += positive.getBucketCounts(i);
      if (cumulative >= target) {
        int index = positive.getOffset() + i;
        double ratio = (double) (target - before) / positive.getBucketCounts(i);
        return logInterpolation(bound(index, scale), bound(index + 1, scale), ratio);
      }
    }
    throw new OttlRuntimeException("extract_percentile_metric: percentile p" + percentile + " not found in the"
        + " exponential histogram's buckets: they hold " + cumulative + ", short of " + target);
  }

  private static double logInterpolation(double lower, double upper, double ratio) {
    double logLower = Math.log(lower) / Math.log(2);
    double logUpper = Math.log(upper) / Math.log(2);
    return Math.pow(2, logLower + (logUpper - logLower) * ratio);
  }

  /** The lower bound of bucket {@code index} at {@code scale}. */
  static double bound(int index, int scale) {
    if (scale <= 0) {
      return Math.scalb(1.0, index << -scale);
    }
    return Math.exp(index * Math.scalb(Math.log(2), -scale));
  }
}
