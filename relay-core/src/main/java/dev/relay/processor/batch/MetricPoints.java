package dev.relay.processor.batch;

import io.opentelemetry.proto.metrics.v1.Metric;

/** A metric's data points, whatever its type: how many, and a copy of the metric with a range of them. */
final class MetricPoints {
  private MetricPoints() {}

  static int count(Metric m) {
    return switch (m.getDataCase()) {
      case GAUGE -> m.getGauge().getDataPointsCount();
      case SUM -> m.getSum().getDataPointsCount();
      case HISTOGRAM -> m.getHistogram().getDataPointsCount();
      case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsCount();
      case SUMMARY -> m.getSummary().getDataPointsCount();
      case DATA_NOT_SET -> 0;
    };
  }

  /** {@code m} with its data points {@code from} (inclusive) to {@code to} (exclusive) only. */
  static Metric slice(Metric m, int from, int to) {
    Metric.Builder b = m.toBuilder();
    switch (m.getDataCase()) {
      case GAUGE -> b.setGauge(m.getGauge().toBuilder().clearDataPoints()
          .addAllDataPoints(m.getGauge().getDataPointsList().subList(from, to)));
      case SUM -> b.setSum(m.getSum().toBuilder().clearDataPoints()
          .addAllDataPoints(m.getSum().getDataPointsList().subList(from, to)));
      case HISTOGRAM -> b.setHistogram(m.getHistogram().toBuilder().clearDataPoints()
          .addAllDataPoints(m.getHistogram().getDataPointsList().subList(from, to)));
      case EXPONENTIAL_HISTOGRAM -> b.setExponentialHistogram(m.getExponentialHistogram().toBuilder()
          .clearDataPoints().addAllDataPoints(m.getExponentialHistogram().getDataPointsList().subList(from, to)));
      case SUMMARY -> b.setSummary(m.getSummary().toBuilder().clearDataPoints()
          .addAllDataPoints(m.getSummary().getDataPointsList().subList(from, to)));
      case DATA_NOT_SET -> { }
    }
    return b.build();
  }
}
