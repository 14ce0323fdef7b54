package dev.relay.ottl.context;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Merges a metric's points that share attributes and timestamp (and, for a delta metric, start time; for
 * histograms, bounds, min/max presence and flags), as the Collector's aggregateutil: numbers by the function,
 * histograms by adding counts, sums and buckets. Groups keep the order of their first point (the Collector's order
 * is a map's, so unspecified).
 */
final class PointMerger {
  private PointMerger() {}

  static void merge(Metric.Builder m, String function, UnaryOperator<List<KeyValue>> attrs) {
    boolean delta = Aggregations.isDelta(m);
    switch (m.getDataCase()) {
      case GAUGE -> {
        List<NumberDataPoint> merged = numbers(m.getGauge().getDataPointsList(), false, function, attrs);
        m.getGaugeBuilder().clearDataPoints().addAllDataPoints(merged);
      }
      case SUM -> {
        List<NumberDataPoint> merged = numbers(m.getSum().getDataPointsList(), delta, function, attrs);
        m.getSumBuilder().clearDataPoints().addAllDataPoints(merged);
      }
      case HISTOGRAM -> {
        Map<List<Object>, HistogramDataPoint.Builder> groups = new LinkedHashMap<>();
        for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
          HistogramDataPoint.Builder b = p.toBuilder().clearAttributes().addAllAttributes(attrs.apply(
              p.getAttributesList()));
          List<Object> key = key(b.getAttributesList(), b.getTimeUnixNano(), delta ? b.getStartTimeUnixNano() : null,
              b.getExplicitBoundsList(), b.hasMin(), b.hasMax(), b.getFlags());
          HistogramDataPoint.Builder into = groups.putIfAbsent(key, b);
          if (into != null) {
            add(into, b);
          }
        }
        m.getHistogramBuilder().clearDataPoints();
        groups.values().forEach(m.getHistogramBuilder()::addDataPoints);
      }
      case EXPONENTIAL_HISTOGRAM -> {
        Map<List<Object>, ExponentialHistogramDataPoint.Builder> groups = new LinkedHashMap<>();
        for (ExponentialHistogramDataPoint p : m.getExponentialHistogram().getDataPointsList()) {
          ExponentialHistogramDataPoint.Builder b = p.toBuilder().clearAttributes().addAllAttributes(attrs.apply(
              p.getAttributesList()));
          List<Object> key = key(b.getAttributesList(), b.getTimeUnixNano(), delta ? b.getStartTimeUnixNano() : null,
              b.getScale(), b.hasMin(), b.hasMax(), b.getFlags(), b.getNegative().getOffset(),
              b.getPositive().getOffset());
          ExponentialHistogramDataPoint.Builder into = groups.putIfAbsent(key, b);
          if (into != null) {
            add(into, b);
          }
        }
        m.getExponentialHistogramBuilder().clearDataPoints();
        groups.values().forEach(m.getExponentialHistogramBuilder()::addDataPoints);
      }
      default -> { }
    }
  }

  private static List<Object> key(List<KeyValue> attrs, long time, Long start, Object... more) {
    // Attributes as a sorted map: the same set in another order is the same group, as in the Collector.
    Map<String, AnyValue> sorted = new TreeMap<>();
    attrs.forEach(kv -> sorted.put(kv.getKey(), kv.getValue()));
    List<Object> key = new ArrayList<>(List.of(sorted, time));
    if (start != null) {
      key.add(start);
    }
    key.addAll(Arrays.asList(more));
    return key;
  }

  private static List<NumberDataPoint> numbers(List<NumberDataPoint> points, boolean delta, String function,
      UnaryOperator<List<KeyValue>> attrs) {
    Map<List<Object>, List<NumberDataPoint>> groups = new LinkedHashMap<>();
    for (NumberDataPoint p : points) {
      NumberDataPoint q = p.toBuilder().clearAttributes().addAllAttributes(attrs.apply(p.getAttributesList())).build();
      groups.computeIfAbsent(key(q.getAttributesList(), q.getTimeUnixNano(), delta ? q.getStartTimeUnixNano() : null),
          k -> new ArrayList<>()).add(q);
    }
    List<NumberDataPoint> out = new ArrayList<>(groups.size());
    for (List<NumberDataPoint> group : groups.values()) {
      out.add(NumberMerge.merge(group, function));
    }
    return out;
  }

  private static void add(HistogramDataPoint.Builder into, HistogramDataPoint p) {
    if (p.getCount() == 0) {
      return;
    }
    into.setCount(into.getCount() + p.getCount()).setSum(into.getSum() + p.getSum());
    if (into.hasMin() && into.getMin() > p.getMin()) {
      into.setMin(p.getMin());
    }
    if (into.hasMax() && into.getMax() < p.getMax()) {
      into.setMax(p.getMax());
    }
    for (int b = 0; b < p.getBucketCountsCount() && b < into.getBucketCountsCount(); b++) {
      into.setBucketCounts(b, into.getBucketCounts(b) + p.getBucketCounts(b));
    }
    into.addAllExemplars(p.getExemplarsList());
    if (p.getStartTimeUnixNano() < into.getStartTimeUnixNano()) {
      into.setStartTimeUnixNano(p.getStartTimeUnixNano());
    }
  }

  private static void add(HistogramDataPoint.Builder into, HistogramDataPoint.Builder p) {
    add(into, p.build());
  }

  private static void add(ExponentialHistogramDataPoint.Builder into, ExponentialHistogramDataPoint.Builder b) {
    ExponentialHistogramDataPoint p = b.build();
    if (p.getCount() == 0) {
      return;
    }
    into.setCount(into.getCount() + p.getCount()).setSum(into.getSum() + p.getSum());
    if (into.hasMin() && into.getMin() > p.getMin()) {
      into.setMin(p.getMin());
    }
    if (into.hasMax() && into.getMax() < p.getMax()) {
      into.setMax(p.getMax());
    }
    var neg = into.getNegativeBuilder();
    for (int i = 0; i < p.getNegative().getBucketCountsCount() && i < neg.getBucketCountsCount(); i++) {
      neg.setBucketCounts(i, neg.getBucketCounts(i) + p.getNegative().getBucketCounts(i));
    }
    var pos = into.getPositiveBuilder();
    for (int i = 0; i < p.getPositive().getBucketCountsCount() && i < pos.getBucketCountsCount(); i++) {
      pos.setBucketCounts(i, pos.getBucketCounts(i) + p.getPositive().getBucketCounts(i));
    }
    into.addAllExemplars(p.getExemplarsList());
    if (p.getStartTimeUnixNano() < into.getStartTimeUnixNano()) {
      into.setStartTimeUnixNano(p.getStartTimeUnixNano());
    }
  }
}
