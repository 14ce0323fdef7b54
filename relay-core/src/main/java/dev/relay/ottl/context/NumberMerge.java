package dev.relay.ottl.context;

import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.util.Arrays;
import java.util.List;

/**
 * One group of number points merged into the first by {@code sum}, {@code max}, {@code min}, {@code mean},
 * {@code median} or {@code count}, in the first point's value type, as the Collector's aggregateutil does (an int
 * mean or median is truncated; a group of one point keeps its value, even for count).
 */
final class NumberMerge {
  private NumberMerge() {}

  static NumberDataPoint merge(List<NumberDataPoint> group, String function) {
    NumberDataPoint.Builder first = group.get(0).toBuilder();
    int n = group.size();
    for (int i = 1; i < n; i++) {
      if (group.get(i).getStartTimeUnixNano() < first.getStartTimeUnixNano()) {
        first.setStartTimeUnixNano(group.get(i).getStartTimeUnixNano());
      }
    }
    if (n == 1) {
      return first.build();
    }
    if (first.getValueCase() == NumberDataPoint.ValueCase.AS_DOUBLE) {
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        NumberDataPoint p = group.get(i);
        v[i] = p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
      }
      return first.setAsDouble(doubles(v, function)).build();
    }
    if (first.getValueCase() == NumberDataPoint.ValueCase.AS_INT) {
      long[] v = new long[n];
      for (int i = 0; i < n; i++) {
        NumberDataPoint p = group.get(i);
        // A sum or mean adds the others' int values (0 for a float point), as the Collector's IntValue() does.
        boolean asFloat = p.getValueCase() == NumberDataPoint.ValueCase.AS_DOUBLE;
        v[i] = asFloat ? (function.equals("sum") || function.equals("mean") ? 0 : (long) p.getAsDouble())
            : p.getAsInt();
      }
      return first.setAsInt(longs(v, function)).build();
    }
    return first.build();
  }

  private static double doubles(double[] v, String function) {
    double r = v[0];
    switch (function) {
      case "sum", "mean" -> {
        for (int i = 1; i < v.length; i++) {
          r += v[i];
        }
        return function.equals("mean") ? r / v.length : r;
      }
      case "max" -> {
        for (int i = 1; i < v.length; i++) {
          r = Math.max(r, v[i]);
        }
        return r;
      }
      case "min" -> {
        for (int i = 1; i < v.length; i++) {
          r = Math.min(r, v[i]);
        }
        return r;
      }
      case "median" -> {
        double[] s = v.clone();
        Arrays.sort(s);
        int mid = s.length / 2;
        return s.length % 2 != 0 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
      }
      default -> {
        return v.length;
      }
    }
  }

  private static long longs(long[] v, String function) {
    long r = v[0];
    switch (function) {
      case "sum", "mean" -> {
        for (int i = 1; i < v.length; i++) {
          r += v[i];
        }
        return function.equals("mean") ? r / v.length : r;
      }
      case "max" -> {
        for (int i = 1; i < v.length; i++) {
          r = Math.max(r, v[i]);
        }
        return r;
      }
      case "min" -> {
        for (int i = 1; i < v.length; i++) {
          r = Math.min(r, v[i]);
        }
        return r;
      }
      case "median" -> {
        long[] s = v.clone();
        Arrays.sort(s);
        int mid = s.length / 2;
        return s.length % 2 != 0 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
      }
      default -> {
        return v.length;
      }
    }
  }
}
