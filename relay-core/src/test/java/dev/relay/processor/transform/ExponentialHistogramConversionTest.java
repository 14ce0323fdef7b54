package dev.relay.processor.transform;

import static dev.relay.testing.TestMetrics.DELTA;
import static dev.relay.testing.TestMetrics.contribTestAttributes;
import static dev.relay.testing.TestMetrics.exponentialHistogram;
import static dev.relay.testing.TestMetrics.gauge;
import static dev.relay.testing.TestMetrics.histogram;
import static dev.relay.testing.TestMetrics.intPoint;
import static dev.relay.testing.TestMetrics.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code convert_exponential_histogram_to_histogram} through the transform processor: inputs and bucket counts from
 * contrib's pkg/expohisto/conversion/exponential_test.go, the point's other fields as
 * processor/transformprocessor/internal/metrics/func_convert_exponential_hist_to_explicit_hist.go carries them.
 */
class ExponentialHistogramConversionTest {
  private static ExponentialHistogramDataPoint.Buckets buckets(int offset, Long... counts) {
    return ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(offset).addAllBucketCounts(List.of(counts))
        .build();
  }

  /** TestToExplicitAllRanges's point, with the fields a conversion keeps. */
  private static ExponentialHistogramDataPoint.Builder allRanges() {
    return ExponentialHistogramDataPoint.newBuilder().setCount(16).setScale(0).setZeroThreshold(1).setZeroCount(8)
        .setPositive(buckets(0, 4L)).setNegative(buckets(0, 4L)).setSum(3).setMin(-1.5).setMax(1.5).setFlags(1)
        .setStartTimeUnixNano(10).setTimeUnixNano(20).addAllAttributes(contribTestAttributes())
        .addExemplars(Exemplar.newBuilder().setTimeUnixNano(15).setAsDouble(1.25));
  }

  @Test
  void anExponentialHistogramBecomesAnExplicitOne() throws Exception {
    MetricTransforms t = MetricTransforms.of("""
        metric_statements:
          - convert_exponential_histogram_to_histogram("uniform", [-2.0, -1.0, 0.0, 1.0, 2.0]) where metric.name == "e"
          - convert_exponential_histogram_to_histogram("upper", [1.0]) where metric.name == "g"
        """);
    Metric.Builder e = exponentialHistogram("e", DELTA, allRanges(),
        allRanges().clearSum().clearMin().clearMax().clearExemplars().clearAttributes().setFlags(0))
        .setDescription("latency").setUnit("s")
        .addMetadata(KeyValue.newBuilder().setKey("m").setValue(AnyValue.newBuilder().setStringValue("v")));
    List<Metric> got = t.run(request(e, gauge("g", intPoint(1))));

    HistogramDataPoint.Builder converted = HistogramDataPoint.newBuilder().setCount(16).setSum(3).setMin(-1.5)
        .setMax(1.5).setFlags(1).setStartTimeUnixNano(10).setTimeUnixNano(20)
        .addAllAttributes(contribTestAttributes())
        .addExemplars(Exemplar.newBuilder().setTimeUnixNano(15).setAsDouble(1.25))
        .addAllExplicitBounds(List.of(-2.0, -1.0, 0.0, 1.0, 2.0)).addAllBucketCounts(List.of(0L, 4L, 4L, 4L, 4L, 0L));
    // a point without sum, min and max gets none (the Collector copies them only when set); metadata is dropped
    HistogramDataPoint.Builder bare = converted.clone().clearSum().clearMin().clearMax().clearExemplars()
        .clearAttributes().setFlags(0);
    assertThat(got.get(0)).isEqualTo(histogram("e", DELTA, converted, bare).setDescription("latency").setUnit("s")
        .build());
    assertThat(got.get(1)).isEqualTo(gauge("g", intPoint(1)).build());
    assertThat(t.errors()).isZero();
  }

  @Test
  void aStatementFromTheFieldRunsInTheInferredMetricContext() throws Exception {
    // a published diagnostic config for this function, pasted unchanged; on TestToExplicitAllRanges's point "upper"
    // puts the zero bucket at 1, (-2, -1] at -1 and (1, 2] at 2
    MetricTransforms t = MetricTransforms.of("""
        error_mode: ignore
        metric_statements:
          - statements:
              - convert_exponential_histogram_to_histogram("upper", [0.0, 1.0, 2.0, 4.0]) where metric.name == "example.duration" and metric.type == METRIC_DATA_TYPE_EXPONENTIAL_HISTOGRAM
        """);
    List<Metric> got = t.run(request(exponentialHistogram("example.duration", DELTA, allRanges())));
    assertThat(got.get(0).getHistogram().getDataPoints(0).getBucketCountsList()).containsExactly(4L, 8L, 4L, 0L, 0L);
  }

  @Test
  void everyDistributionAndTheDefaultKeepTheCount() throws Exception {
    // TestToExplicitConservesCounts's point; an empty distribution is "random", as in the Collector
    MetricTransforms t = MetricTransforms.of("""
        metric_statements:
          - context: metric
            statements:
              - convert_exponential_histogram_to_histogram("upper", [-10.0, -1.0, -0.1, 0.0, 0.1, 1.0, 10.0]) where metric.name == "upper"
              - convert_exponential_histogram_to_histogram("midpoint", [-10.0, -1.0, -0.1, 0.0, 0.1, 1.0, 10.0]) where metric.name == "midpoint"
              - convert_exponential_histogram_to_histogram("uniform", [-10.0, -1.0, -0.1, 0.0, 0.1, 1.0, 10.0]) where metric.name == "uniform"
              - convert_exponential_histogram_to_histogram(distribution_fn="random", explicit_bounds=[-10.0, -1.0, -0.1, 0.0, 0.1, 1.0, 10.0]) where metric.name == "random"
              - convert_exponential_histogram_to_histogram("", [-10.0, -1.0, -0.1, 0.0, 0.1, 1.0, 10.0]) where metric.name == "default"
        """);
    ExponentialHistogramDataPoint.Builder p = ExponentialHistogramDataPoint.newBuilder().setCount(39).setScale(3)
        .setZeroThreshold(0.01).setZeroCount(7).setPositive(buckets(-5, 2L, 3L, 5L, 7L))
        .setNegative(buckets(-2, 4L, 5L, 6L));
    List<String> names = List.of("upper", "midpoint", "uniform", "random", "default");
    List<Metric> got = t.run(request(names.stream().map(n -> exponentialHistogram(n, DELTA, p.clone()))
        .toArray(Metric.Builder[]::new)));
    for (Metric m : got) {
      HistogramDataPoint h = m.getHistogram().getDataPoints(0);
      assertThat(h.getBucketCountsList()).as(m.getName()).hasSize(8);
      assertThat(h.getBucketCountsList().stream().mapToLong(Long::longValue).sum()).as(m.getName()).isEqualTo(39);
    }
  }

  @Test
  void aPointThatCannotBeConvertedFailsTheMetricAndLeavesItAlone() throws Exception {
    // TestToExplicitValidation "count mismatch": count 2, but one observation in the buckets
    MetricTransforms t = MetricTransforms.of("""
        metric_statements:
          - convert_exponential_histogram_to_histogram("upper", [1.0])
        """);
    Metric.Builder e = exponentialHistogram("e", DELTA,
        ExponentialHistogramDataPoint.newBuilder().setCount(1).setZeroCount(1),
        ExponentialHistogramDataPoint.newBuilder().setCount(2).setZeroCount(1));
    List<Metric> got = t.run(request(e.clone()));
    assertThat(got).containsExactly(e.build());
    assertThat(t.errors()).isEqualTo(1);
  }
}
