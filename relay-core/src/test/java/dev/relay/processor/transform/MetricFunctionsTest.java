package dev.relay.processor.transform;

import static dev.relay.testing.TestMetrics.CUMULATIVE;
import static dev.relay.testing.TestMetrics.DELTA;
import static dev.relay.testing.TestMetrics.contribTestAttributes;
import static dev.relay.testing.TestMetrics.doublePoint;
import static dev.relay.testing.TestMetrics.exponentialHistogram;
import static dev.relay.testing.TestMetrics.gauge;
import static dev.relay.testing.TestMetrics.histogram;
import static dev.relay.testing.TestMetrics.intPoint;
import static dev.relay.testing.TestMetrics.request;
import static dev.relay.testing.TestMetrics.sum;
import static dev.relay.testing.TestMetrics.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.relay.consumer.ConsumeException;
import dev.relay.otlp.MetricsBatch;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The transform processor's metric-only functions, with inputs and expected values from contrib's own unit tests
 * (processor/transformprocessor/internal/metrics/func_*_test.go, cited per test).
 */
class MetricFunctionsTest {
  /** contrib func_extract_sum_metric_test.go getTestHistogramMetric, with a temporality (the metric context needs one). */
  private static Metric.Builder contribHistogram() {
    return histogram("histogram_metric", DELTA, HistogramDataPoint.newBuilder().setCount(5).setSum(12.34)
        .addAllBucketCounts(List.of(2L, 3L)).addExplicitBounds(1).addAllAttributes(contribTestAttributes()));
  }

  private static Metric.Builder contribExponentialHistogram() {
    return exponentialHistogram("exponential_histogram_metric", DELTA, ExponentialHistogramDataPoint.newBuilder()
        .setScale(1).setCount(5).setSum(12.34).addAllAttributes(contribTestAttributes()));
  }

  /** contrib func_extract_sum_metric_test.go getTestSummaryMetric. */
  private static Metric.Builder contribSummary() {
    return summary("summary_metric", SummaryDataPoint.newBuilder().setCount(100).setSum(12.34)
        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(.99).setValue(1))
        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(.95).setValue(2))
        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(.50).setValue(3))
        .addAllAttributes(contribTestAttributes()));
  }

  private static Metric.Builder contribGauge() {
    return gauge("gauge_metric", NumberDataPoint.newBuilder().setAsInt(12).addAllAttributes(contribTestAttributes()));
  }

  private static Metric sumMetric(String name, String unit, AggregationTemporality t,
      boolean monotonic, NumberDataPoint point) {
    return Metric.newBuilder().setName(name).setUnit(unit).setSum(Sum.newBuilder().setAggregationTemporality(t)
        .setIsMonotonic(monotonic).addDataPoints(point)).build();
  }

  private static NumberDataPoint withContribAttributes(NumberDataPoint.Builder p) {
    return p.addAllAttributes(contribTestAttributes()).build();
  }

  @Test
  void convertSumToGaugeAndGaugeToSum() throws Exception {
    // contrib func_convert_sum_to_gauge_test.go / func_convert_gauge_to_sum_test.go: points kept, type changed
    MetricTransforms t = MetricTransforms.of("""
        metric_statements:
          - convert_sum_to_gauge() where metric.name == "sum_metric"
          - convert_gauge_to_sum("delta", true) where metric.name == "gauge_metric"
        """);
    List<Metric> got = t.run(request(sum("sum_metric", CUMULATIVE, true, intPoint(12, "k", "v")), contribGauge(),
        contribHistogram()));
    assertThat(got.get(0).hasGauge()).isTrue();
    assertThat(got.get(0).getGauge().getDataPointsList()).containsExactly(intPoint(12, "k", "v").build());
    assertThat(got.get(1).getSum().getAggregationTemporality()).isEqualTo(DELTA);
    assertThat(got.get(1).getSum().getIsMonotonic()).isTrue();
    assertThat(got.get(1).getSum().getDataPointsList()).containsExactly(withContribAttributes(
        NumberDataPoint.newBuilder().setAsInt(12)));
    assertThat(got.get(2)).isEqualTo(contribHistogram().build());
  }

  @Test
  void extractSumAndCountMetrics() throws Exception {
    // contrib func_extract_sum_metric_test.go and func_extract_count_metric_test.go: a new sum metric is appended
    MetricTransforms t = MetricTransforms.of("""
        metric_statements:
          - extract_sum_metric(true) where metric.name == "histogram_metric"
          - extract_count_metric(false, ".count") where metric.name == "histogram_metric"
          - extract_sum_metric(false) where metric.name == "summary_metric"
          - extract_count_metric(true) where metric.name == "exponential_histogram_metric"
          - extract_sum_metric(true) where metric.name == "gauge_metric"
        """);
    List<Metric> got = t.run(request(contribHistogram(), contribSummary(), contribExponentialHistogram(),
        contribGauge()));
    assertThat(got).extracting(Metric::getName).containsExactly("histogram_metric", "summary_metric",
        "exponential_histogram_metric", "gauge_metric", "histogram_metric_sum", "histogram_metric.count",
        "summary_metric_sum", "exponential_histogram_metric_count");
    assertThat(got.get(4)).isEqualTo(sumMetric("histogram_metric_sum", "", DELTA, true,
        withContribAttributes(NumberDataPoint.newBuilder().setAsDouble(12.34))));
    assertThat(got.get(5)).isEqualTo(sumMetric("histogram_metric.count", "1", DELTA, false,
        withContribAttributes(NumberDataPoint.newBuilder().setAsInt(5))));
    // a summary has no temporality: the new sum is cumulative
    assertThat(got.get(6)).isEqualTo(sumMetric("summary_metric_sum", "", CUMULATIVE, false,
        withContribAttributes(NumberDataPoint.newBuilder().setAsDouble(12.34))));
    assertThat(got.get(7)).isEqualTo(sumMetric("exponential_histogram_metric_count", "1", DELTA, true,
        withContribAttributes(NumberDataPoint.newBuilder().setAsInt(5))));
    // on a gauge, extract_sum_metric fails that metric (counted, ignored by the default error_mode)
    assertThat(t.errors()).isEqualTo(1);
  }

  @Test
  void extractSumMetricSkipsHistogramPointsWithoutASum() throws Exception {
    MetricTransforms t = MetricTransforms.of("metric_statements: ['extract_sum_metric(false)"
        + " where metric.name == \"h\"']");
    List<Metric> got = t.run(request(histogram("h", DELTA, HistogramDataPoint.newBuilder().setCount(1))));
    assertThat(got).hasSize(1);
  }

  @Test
  void convertSummaryCountAndSumValuesToSums() throws Exception {
    // contrib func_convert_summary_count_val_to_sum_test.go and func_convert_summary_sum_val_to_sum_test.go; these
    // are datapoint-context functions, so their groups run in the datapoint context without a datapoint path.
    MetricTransforms t = MetricTransforms.of("""
        metric_statements:
          - convert_summary_count_val_to_sum("delta", false) where metric.name == "summary_metric"
          - convert_summary_sum_val_to_sum("cumulative", true, ".sum") where metric.name == "summary_metric"
          - convert_summary_count_val_to_sum("delta", false) where metric.name == "gauge_metric"
        """);
    List<Metric> got = t.run(request(contribSummary(), contribGauge()));
    assertThat(got).extracting(Metric::getName).containsExactly("summary_metric", "gauge_metric",
        "summary_metric_count", "summary_metric.sum");
    assertThat(got.get(2)).isEqualTo(sumMetric("summary_metric_count", "", DELTA, false,
        withContribAttributes(NumberDataPoint.newBuilder().setAsInt(100))));
    assertThat(got.get(3)).isEqualTo(sumMetric("summary_metric.sum", "", CUMULATIVE, true,
        withContribAttributes(NumberDataPoint.newBuilder().setAsDouble(12.34))));
  }

  @Test
  void copyMetricAppendsACopyThatLaterStatementsSee() throws Exception {
    // contrib func_copy_metric_test.go: the copy is the metric with the given name, description and unit
    MetricTransforms t = MetricTransforms.of("""
        metric_statements:
          - context: metric
            statements:
              - copy_metric(name="http.request.status_code", unit="s") where metric.name == "http.status_code"
              - set(metric.description, "copied") where metric.name == "http.request.status_code"
        """);
    List<Metric> got = t.run(request(gauge("http.status_code", intPoint(200, "route", "/a"))
        .setDescription("codes").setUnit("1")));
    assertThat(got).hasSize(2);
    assertThat(got.get(0)).isEqualTo(gauge("http.status_code", intPoint(200, "route", "/a")).setDescription("codes")
        .setUnit("1").build());
    assertThat(got.get(1)).isEqualTo(gauge("http.request.status_code", intPoint(200, "route", "/a"))
        .setDescription("copied").setUnit("s").build());
  }

  @Test
  void copyMetricWithoutAWhereClauseEnds() throws Exception {
    // The Collector would copy its own copies forever; Relay walks the copies once and not the copies' copies.
    MetricTransforms t = MetricTransforms.of("metric_statements: ['copy_metric(description=\"copy\")"
        + " where metric.type == METRIC_DATA_TYPE_GAUGE']");
    List<Metric> got = t.run(request(gauge("g", intPoint(1))));
    assertThat(got).extracting(Metric::getDescription).containsExactly("", "copy", "copy");
  }

  @Test
  void scaleMetric() throws Exception {
    // contrib func_scale_test.go: gauge float 10.0 x10 with unit kWh; gauge int 10 x10; sum 10.0 x10; histogram
    // (count 1, sum 4, min 1, max 3, bounds [1, 10], exemplar 1.0) x10; summary sum 10 and quantile value 10 x10
    MetricTransforms t = MetricTransforms.of("""
        metric_statements:
          - scale_metric(10.0, "kWh") where metric.name == "float"
          - scale_metric(10.0) where metric.name != "float"
        """);
    HistogramDataPoint.Builder h = HistogramDataPoint.newBuilder().setCount(1).setSum(4).setMin(1).setMax(3)
        .addAllExplicitBounds(List.of(1.0, 10.0)).addAllBucketCounts(List.of(1L, 2L))
        .addExemplars(Exemplar.newBuilder().setTimeUnixNano(1).setAsDouble(1.0))
        .setStartTimeUnixNano(1).setTimeUnixNano(1);
    SummaryDataPoint.Builder s = SummaryDataPoint.newBuilder().setSum(10)
        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setValue(10));
    List<Metric> got = t.run(request(gauge("float", doublePoint(10.0)), gauge("int", intPoint(10)),
        sum("sum", DELTA, false, doublePoint(10.0)), histogram("histogram", DELTA, h), summary("summary", s),
        exponentialHistogram("exp", DELTA, ExponentialHistogramDataPoint.newBuilder().setSum(1))));
    assertThat(got.get(0)).isEqualTo(gauge("float", doublePoint(100.0)).setUnit("kWh").build());
    assertThat(got.get(1)).isEqualTo(gauge("int", intPoint(100)).build());
    assertThat(got.get(2)).isEqualTo(sum("sum", DELTA, false, doublePoint(100.0)).build());
    assertThat(got.get(3)).isEqualTo(histogram("histogram", DELTA, HistogramDataPoint.newBuilder().setCount(1)
        .setSum(40).setMin(10).setMax(30).addAllExplicitBounds(List.of(10.0, 100.0))
        .addAllBucketCounts(List.of(1L, 2L)).addExemplars(Exemplar.newBuilder().setTimeUnixNano(1).setAsDouble(10.0))
        .setStartTimeUnixNano(1).setTimeUnixNano(1)).build());
    assertThat(got.get(4)).isEqualTo(summary("summary", SummaryDataPoint.newBuilder().setSum(100)
        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setValue(100))).build());
    // an exponential histogram is not scaled: that metric fails, unchanged
    assertThat(got.get(5).getExponentialHistogram().getDataPoints(0).getSum()).isEqualTo(1);
    assertThat(t.errors()).isEqualTo(1);
  }

  @Test
  void aFailingFunctionFailsTheBatchWhenErrorsPropagate() throws Exception {
    MetricTransforms t = MetricTransforms.of("""
        error_mode: propagate
        metric_statements:
          - scale_metric(2.0) where metric.name == "exp"
        """);
    MetricsBatch batch = MetricsBatch.fromWire(request(exponentialHistogram("exp", DELTA,
        ExponentialHistogramDataPoint.newBuilder().setSum(1))).toByteArray());
    assertThatThrownBy(() -> t.consume(batch)).isInstanceOf(ConsumeException.class)
        .hasMessageContaining("exponential histograms are not supported by the 'scale_metric' function");
    assertThat(t.out).isEmpty();
  }

  private static Map<String, Double> byAttributes(List<NumberDataPoint> points) {
    Map<String, Double> out = new TreeMap<>();
    for (NumberDataPoint p : points) {
      StringBuilder key = new StringBuilder();
      for (KeyValue kv : p.getAttributesList()) {
        key.append(kv.getKey()).append('=').append(kv.getValue().getStringValue()).append(';');
      }
      out.put(key.toString(), p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble());
    }
    return out;
  }

  @Test
  void aggregateOnAttributes() throws Exception {
    // semantics of contrib internal/coreinternal/aggregateutil/aggregate.go, as func_aggregate_on_attributes_metrics
    // _test.go exercises them: points grouped by the kept attributes (and timestamp), merged by the function
    MetricTransforms t = MetricTransforms.of("""
        metric_statements:
          - aggregate_on_attributes("sum", ["a"]) where metric.name == "sum"
          - aggregate_on_attributes("max", []) where metric.name == "max"
          - aggregate_on_attributes("mean", []) where metric.name == "mean"
          - aggregate_on_attributes("median", []) where metric.name == "median"
          - aggregate_on_attributes("count", []) where metric.name == "count"
          - aggregate_on_attributes("min") where metric.name == "min"
          - aggregate_on_attributes("sum", []) where metric.name == "ints"
          - aggregate_on_attributes("sum") where metric.name == "summary_metric"
        """);
    NumberDataPoint.Builder[] three = {doublePoint(1, "a", "1", "b", "x"), doublePoint(3, "a", "1", "b", "y"),
        doublePoint(5, "a", "2", "b", "x")};
    List<Metric> got = t.run(request(gauge("sum", three), gauge("max", three), gauge("mean", three),
        gauge("median", doublePoint(1, "b", "x"), doublePoint(4, "b", "y"), doublePoint(10, "b", "z"),
            doublePoint(2, "b", "w")),
        gauge("count", three), gauge("min", doublePoint(4, "b", "x"), doublePoint(2, "b", "x"),
            doublePoint(9, "b", "y")),
        sum("ints", DELTA, true, intPoint(2).setStartTimeUnixNano(5), intPoint(3).setStartTimeUnixNano(5)),
        contribSummary()));
    assertThat(byAttributes(got.get(0).getGauge().getDataPointsList())).isEqualTo(Map.of("a=1;", 4.0, "a=2;", 5.0));
    assertThat(byAttributes(got.get(1).getGauge().getDataPointsList())).isEqualTo(Map.of("", 5.0));
    assertThat(byAttributes(got.get(2).getGauge().getDataPointsList())).isEqualTo(Map.of("", 3.0));
    assertThat(byAttributes(got.get(3).getGauge().getDataPointsList())).isEqualTo(Map.of("", 3.0));
    assertThat(byAttributes(got.get(4).getGauge().getDataPointsList())).isEqualTo(Map.of("", 3.0));
    assertThat(byAttributes(got.get(5).getGauge().getDataPointsList())).isEqualTo(Map.of("b=x;", 2.0, "b=y;", 9.0));
    assertThat(got.get(6).getSum().getDataPointsList()).containsExactly(intPoint(5).setStartTimeUnixNano(5).build());
    // a summary cannot be aggregated: that metric fails, unchanged
    assertThat(got.get(7)).isEqualTo(contribSummary().build());
    assertThat(t.errors()).isEqualTo(1);
  }

  @Test
  void aggregateOnAttributesAddsHistograms() throws Exception {
    MetricTransforms t = MetricTransforms.of("metric_statements: ['aggregate_on_attributes(\"sum\", [])']");
    HistogramDataPoint.Builder a = HistogramDataPoint.newBuilder().setCount(3).setSum(6).addExplicitBounds(1)
        .addAllBucketCounts(List.of(1L, 2L)).addAllAttributes(List.of(KeyValue.newBuilder().setKey("k").build()))
        .setStartTimeUnixNano(9);
    HistogramDataPoint.Builder b = HistogramDataPoint.newBuilder().setCount(2).setSum(4).addExplicitBounds(1)
        .addAllBucketCounts(List.of(2L, 0L)).setStartTimeUnixNano(4);
    List<Metric> got = t.run(request(histogram("h", CUMULATIVE, a, b)));
    assertThat(got.get(0).getHistogram().getDataPointsList()).containsExactly(HistogramDataPoint.newBuilder()
        .setCount(5).setSum(10).addExplicitBounds(1).addAllBucketCounts(List.of(3L, 2L)).setStartTimeUnixNano(4)
        .build());
  }

  @Test
  void aggregateOnAttributeValue() throws Exception {
    // contrib func_agregate_on_attribute_value_metrics_test.go: the listed values become the new value, then the
    // points that now share their attributes are merged
    MetricTransforms t = MetricTransforms.of("""
        metric_statements:
          - aggregate_on_attribute_value("sum", "route", ["/a", "/b"], "/ab") where metric.name == "m"
        """);
    List<Metric> got = t.run(request(gauge("m", intPoint(1, "route", "/a"), intPoint(2, "route", "/b"),
        intPoint(4, "route", "/c"))));
    assertThat(got.get(0).getGauge().getDataPointsList()).containsExactly(intPoint(3, "route", "/ab").build(),
        intPoint(4, "route", "/c").build());
  }

  @Test
  void convertSummaryQuantileValuesToAGauge() throws Exception {
    // contrib func_convert_summary_quantile_val_to_gauge_test.go, on getTestSummaryMetric: one gauge point per
    // quantile, the quantile written "0.99", "0.95", "0.50"
    MetricTransforms t = MetricTransforms.of("""
        metric_statements:
          - convert_summary_quantile_val_to_gauge() where metric.name == "summary_metric"
          - convert_summary_quantile_val_to_gauge("custom_quantile", "custom_suffix") where metric.name == "s"
        """);
    List<Metric> got = t.run(request(contribSummary().setUnit("ms"), summary("s", SummaryDataPoint.newBuilder()
        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(1).setValue(9)))));
    assertThat(got).extracting(Metric::getName).containsExactly("summary_metric", "s", "summary_metric.quantiles",
        "scustom_suffix");
    Metric quantiles = got.get(2);
    assertThat(quantiles.getUnit()).isEqualTo("ms");
    assertThat(quantiles.getGauge().getDataPointsList()).containsExactly(
        quantilePoint("quantile", "0.99", 1), quantilePoint("quantile", "0.95", 2),
        quantilePoint("quantile", "0.50", 3));
    assertThat(got.get(3).getGauge().getDataPointsList()).containsExactly(NumberDataPoint.newBuilder()
        .addAttributes(KeyValue.newBuilder().setKey("custom_quantile").setValue(
            AnyValue.newBuilder().setStringValue("1"))).setAsDouble(9).build());
  }

  private static NumberDataPoint quantilePoint(String key, String quantile, double value) {
    return NumberDataPoint.newBuilder().addAllAttributes(contribTestAttributes()).addAttributes(KeyValue.newBuilder()
        .setKey(key).setValue(AnyValue.newBuilder().setStringValue(quantile)))
        .setAsDouble(value).build();
  }

  @Test
  void mergeHistogramBuckets() throws Exception {
    // the transform README's merge_histogram_buckets examples: bounds [0.1, 0.5, 1.0], counts [5, 8, 3, 1] merged at
    // 0.5 give [0.1, 1.0] and [5, 11, 1]; nine buckets limited to 5 merge in pairs, the last alone
    MetricTransforms t = MetricTransforms.of("""
        metric_statements:
          - merge_histogram_buckets(0.5) where metric.name == "http_request_duration"
          - merge_histogram_buckets(5, method="limit_buckets") where metric.name == "limited"
          - merge_histogram_buckets(0.7) where metric.name == "absent"
        """);
    HistogramDataPoint.Builder merged = HistogramDataPoint.newBuilder().setCount(17)
        .addAllExplicitBounds(List.of(0.1, 0.5, 1.0)).addAllBucketCounts(List.of(5L, 8L, 3L, 1L));
    HistogramDataPoint.Builder limited = HistogramDataPoint.newBuilder().setCount(266)
        .addAllExplicitBounds(List.of(0.1, 0.2, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0))
        .addAllBucketCounts(List.of(80L, 4L, 6L, 120L, 3L, 2L, 40L, 10L, 1L));
    HistogramDataPoint.Builder absent = merged.clone();
    List<Metric> got = t.run(request(histogram("http_request_duration", DELTA, merged),
        histogram("limited", DELTA, limited), histogram("absent", DELTA, absent)));
    HistogramDataPoint a = got.get(0).getHistogram().getDataPoints(0);
    assertThat(a.getExplicitBoundsList()).containsExactly(0.1, 1.0);
    assertThat(a.getBucketCountsList()).containsExactly(5L, 11L, 1L);
    HistogramDataPoint b = got.get(1).getHistogram().getDataPoints(0);
    assertThat(b.getExplicitBoundsList()).containsExactly(0.2, 1.0, 5.0, 30.0);
    assertThat(b.getBucketCountsList()).containsExactly(84L, 126L, 5L, 50L, 1L);
    assertThat(got.get(2).getHistogram().getDataPoints(0)).isEqualTo(absent.build());
  }

  @Test
  void extractPercentileMetric() throws Exception {
    // the transform README's extract_percentile_metric: linear interpolation within explicit buckets (from the
    // point's min, or 0, below the first bound; to its max above the last), logarithmic within exponential ones
    MetricTransforms t = MetricTransforms.of("""
        metric_statements:
          - extract_percentile_metric(50.0) where metric.name == "h"
          - extract_percentile_metric(10) where metric.name == "h"
          - extract_percentile_metric(95, "_top") where metric.name == "h"
          - extract_percentile_metric(75.0) where metric.name == "e"
          - extract_percentile_metric(50.0) where metric.name == "g"
        """);
    HistogramDataPoint.Builder h = HistogramDataPoint.newBuilder().setCount(10).addAllExplicitBounds(List.of(1.0,
        2.0, 5.0)).addAllBucketCounts(List.of(2L, 3L, 4L, 1L)).setMax(7).addAllAttributes(contribTestAttributes());
    ExponentialHistogramDataPoint.Builder e = ExponentialHistogramDataPoint.newBuilder().setCount(4).setScale(0)
        .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().addAllBucketCounts(List.of(2L, 2L)));
    List<Metric> got = t.run(request(histogram("h", DELTA, h).setDescription("latency").setUnit("s"),
        exponentialHistogram("e", DELTA, e), gauge("g", intPoint(1))));
    assertThat(got).extracting(Metric::getName).containsExactly("h", "e", "g", "h_p50", "h_p10", "h_top", "e_p75");
    Metric p50 = got.get(3);
    assertThat(p50.getDescription()).isEqualTo("latency (p50)");
    assertThat(p50.getUnit()).isEqualTo("s");
    // p50: the 5th of 10 observations ends the (1, 2] bucket
    assertThat(p50.getGauge().getDataPointsList()).containsExactly(withContribAttributes(
        NumberDataPoint.newBuilder().setAsDouble(2.0)));
    // p10: the 1st observation, half-way through [0, 1] (no min); p95: the last, up to max 7
    assertThat(got.get(4).getGauge().getDataPoints(0).getAsDouble()).isEqualTo(0.5);
    assertThat(got.get(5).getGauge().getDataPoints(0).getAsDouble()).isEqualTo(7.0);
    // p75 of buckets (1, 2] and (2, 4], two each: half-way through (2, 4] on a log scale, 2^1.5
    assertThat(got.get(6).getGauge().getDataPoints(0).getAsDouble()).isCloseTo(Math.sqrt(8),
        offset(1e-12));
  }
}
