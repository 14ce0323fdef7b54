package dev.relay.ottl.context;

import dev.relay.ottl.OttlException;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code merge_histogram_buckets(target_value, Optional[method])} of the datapoint context, as the Collector's
 * README describes it: {@code remove_explicit_bound} (the default) merges the bucket ending at that bound into the
 * next; {@code limit_buckets} merges adjacent buckets in groups of the smallest size that leaves at most that many.
 * A point whose bounds and counts do not fit (or, for {@code limit_buckets}, whose bounds are unordered) is left
 * alone, as are non-histogram points.
 */
final class HistogramBuckets {
  private static final double EPSILON = 1e-12;

  private HistogramBuckets() {}

  static MetricEditor merge() {
    return new MetricEditor("merge_histogram_buckets", List.of("target_value", "method"), 1, args -> {
      Object literal = args.literal(0);
      if (!(literal instanceof Double) && !(literal instanceof Long)) {
        throw new OttlException("merge_histogram_buckets: target_value must be a number literal");
      }
      double target = ((Number) literal).doubleValue();
      String method = args.has(1) ? args.literalString(1, "the method") : "remove_explicit_bound";
      if (method.equals("remove_explicit_bound")) {
        return ctx -> {
          if (ctx.point() instanceof HistogramDataPoint.Builder h) {
            removeBound(h, target);
          }
        };
      }
      if (!method.equals("limit_buckets")) {
        throw new OttlException("merge_histogram_buckets: unknown method '" + method
            + "' (remove_explicit_bound, limit_buckets)");
      }
      if (target < 1 || target != Math.rint(target)) {
        throw new OttlException("merge_histogram_buckets: target_value must be a positive integer for limit_buckets");
      }
      int limit = (int) Math.min(target, Integer.MAX_VALUE);
      return ctx -> {
        if (ctx.point() instanceof HistogramDataPoint.Builder h) {
          limitBuckets(h, limit);
        }
      };
    });
  }

  private static boolean fits(HistogramDataPoint.Builder h) {
    return h.getBucketCountsCount() > 1 && h.getExplicitBoundsCount() + 1 == h.getBucketCountsCount();
  }

  static void removeBound(HistogramDataPoint.Builder h, double bound) {
    if (!fits(h)) {
      return;
    }
    int at = -1;
    for (int i = 0; i < h.getExplicitBoundsCount() && at < 0; i++) {
      if (Math.abs(h.getExplicitBounds(i) - bound) < EPSILON) {
        at = i;
      }
    }
    if (at < 0) {
      return;
    }
    List<Double> bounds = new ArrayList<>(h.getExplicitBoundsList());
    List<Long> counts = new ArrayList<>(h.getBucketCountsList());
    counts.set(at + 1, counts.get(at + 1) + counts.get(at));
    counts.remove(at);
    bounds.remove(at);
    h.clearExplicitBounds().addAllExplicitBounds(bounds).clearBucketCounts().addAllBucketCounts(counts);
  }

  static void limitBuckets(HistogramDataPoint.Builder h, int limit) {
    int n = h.getBucketCountsCount();
    if (!fits(h) || n <= limit) {
      return;
    }
    for (int i = 1; i < h.getExplicitBoundsCount(); i++) {
      if (h.getExplicitBounds(i) <= h.getExplicitBounds(i - 1)) {
        return;
      }
    }
    int size = 2;
    while ((n + size - 1) / size > limit) {
      size++;
    }
    List<Double> bounds = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    for (int start = 0; start < n; start += size) {
      int end = Math.min(start + size, n);
      long total = 0;
      for (int i = start; i < end; i++) {
        total += h.getBucketCounts(i);
      }
      counts.add(total);
      // a group's upper bound is its last bucket's; the last group's is +Inf, which has no explicit bound
      if (end < n) {
        bounds.add(h.getExplicitBounds(end - 1));
      }
    }
    h.clearExplicitBounds().addAllExplicitBounds(bounds).clearBucketCounts().addAllBucketCounts(counts);
  }
}
