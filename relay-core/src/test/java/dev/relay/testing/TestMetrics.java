package dev.relay.testing;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.List;

/** Builds OTLP metrics requests for tests: one resource and scope holding the given metrics. */
public final class TestMetrics {
  public static final AggregationTemporality DELTA = AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
  public static final AggregationTemporality CUMULATIVE = AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;

  private TestMetrics() {}

  public static ExportMetricsServiceRequest request(Metric.Builder... metrics) {
    ScopeMetrics.Builder scope = ScopeMetrics.newBuilder()
        .setScope(InstrumentationScope.newBuilder().setName("test-scope"));
    for (Metric.Builder m : metrics) {
      scope.addMetrics(m);
    }
    return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
        .setResource(Resource.newBuilder().addAllAttributes(KeyValues.of("service.name", "test")))
        .addScopeMetrics(scope)).build();
  }

  /** The metrics of a request's first scope. */
  public static List<Metric> metrics(ExportMetricsServiceRequest request) {
    return request.getResourceMetrics(0).getScopeMetrics(0).getMetricsList();
  }

  public static Metric.Builder gauge(String name, NumberDataPoint.Builder... points) {
    Gauge.Builder g = Gauge.newBuilder();
    for (NumberDataPoint.Builder p : points) {
      g.addDataPoints(p);
    }
    return Metric.newBuilder().setName(name).setGauge(g);
  }

  public static Metric.Builder sum(String name, AggregationTemporality temporality, boolean monotonic,
      NumberDataPoint.Builder... points) {
    Sum.Builder s = Sum.newBuilder().setAggregationTemporality(temporality).setIsMonotonic(monotonic);
    for (NumberDataPoint.Builder p : points) {
      s.addDataPoints(p);
    }
    return Metric.newBuilder().setName(name).setSum(s);
  }

  public static Metric.Builder histogram(String name, AggregationTemporality temporality,
      HistogramDataPoint.Builder... points) {
    Histogram.Builder h = Histogram.newBuilder().setAggregationTemporality(temporality);
    for (HistogramDataPoint.Builder p : points) {
      h.addDataPoints(p);
    }
    return Metric.newBuilder().setName(name).setHistogram(h);
  }

  public static Metric.Builder exponentialHistogram(String name, AggregationTemporality temporality,
      ExponentialHistogramDataPoint.Builder... points) {
    ExponentialHistogram.Builder h = ExponentialHistogram.newBuilder().setAggregationTemporality(temporality);
    for (ExponentialHistogramDataPoint.Builder p : points) {
      h.addDataPoints(p);
    }
    return Metric.newBuilder().setName(name).setExponentialHistogram(h);
  }

  public static Metric.Builder summary(String name, SummaryDataPoint.Builder... points) {
    Summary.Builder s = Summary.newBuilder();
    for (SummaryDataPoint.Builder p : points) {
      s.addDataPoints(p);
    }
    return Metric.newBuilder().setName(name).setSummary(s);
  }

  /** A point with an int value and attributes given as key, value, key, value ... (see {@link KeyValues#of}). */
  public static NumberDataPoint.Builder intPoint(long value, Object... attributes) {
    return NumberDataPoint.newBuilder().setAsInt(value).addAllAttributes(KeyValues.of(attributes));
  }

  public static NumberDataPoint.Builder doublePoint(double value, Object... attributes) {
    return NumberDataPoint.newBuilder().setAsDouble(value).addAllAttributes(KeyValues.of(attributes));
  }

  /** The attributes contrib's transform tests give their points (getTestAttributes in its metrics tests). */
  public static List<KeyValue> contribTestAttributes() {
    return KeyValues.of("test", "hello world", "test2", 3L, "test3", true);
  }
}
