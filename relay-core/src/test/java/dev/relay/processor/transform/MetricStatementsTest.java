package dev.relay.processor.transform;

import static dev.relay.testing.TestMetrics.CUMULATIVE;
import static dev.relay.testing.TestMetrics.DELTA;
import static dev.relay.testing.TestMetrics.doublePoint;
import static dev.relay.testing.TestMetrics.gauge;
import static dev.relay.testing.TestMetrics.intPoint;
import static dev.relay.testing.TestMetrics.request;
import static dev.relay.testing.TestMetrics.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.otlp.MetricsBatch;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code metric_statements}: the metric and datapoint contexts' paths, read and written, and context inference. */
class MetricStatementsTest {
  private static String attr(List<KeyValue> attrs, String key) {
    return attrs.stream().filter(kv -> kv.getKey().equals(key)).map(kv -> kv.getValue().getStringValue())
        .findFirst().orElse(null);
  }

  @Test
  void theMetricContextWritesItsFields() throws Exception {
    MetricTransforms t = MetricTransforms.of("""
        metric_statements:
          - set(metric.description, "Sum") where metric.type == METRIC_DATA_TYPE_SUM
          - set(metric.unit, "ms") where metric.name == "latency"
          - set(metric.name, "requests.total") where metric.name == "requests"
          - set(metric.aggregation_temporality, AGGREGATION_TEMPORALITY_DELTA) where metric.name == "requests.total"
          - set(metric.is_monotonic, true) where metric.name == "requests.total"
          - set(metric.metadata["origin"], "relay") where metric.name == "latency"
          - set(metric.is_monotonic, true) where metric.name == "latency"
        """);
    List<Metric> got = t.run(request(sum("requests", CUMULATIVE, false, intPoint(1)), gauge("latency",
        doublePoint(2.5))));
    assertThat(got).hasSize(2);
    assertThat(got.get(0).getName()).isEqualTo("requests.total");
    assertThat(got.get(0).getDescription()).isEqualTo("Sum");
    assertThat(got.get(0).getSum().getAggregationTemporality()).isEqualTo(DELTA);
    assertThat(got.get(0).getSum().getIsMonotonic()).isTrue();
    assertThat(got.get(1).getDescription()).isEmpty();
    assertThat(got.get(1).getUnit()).isEqualTo("ms");
    assertThat(attr(got.get(1).getMetadataList(), "origin")).isEqualTo("relay");
    // is_monotonic on a gauge changes nothing, as in the Collector: still a gauge, no sum
    assertThat(got.get(1).hasGauge()).isTrue();
    assertThat(t.errors()).isZero();
  }

  @Test
  void theDatapointContextWritesEachPointsFields() throws Exception {
    MetricTransforms t = MetricTransforms.of("""
        metric_statements:
          - set(datapoint.attributes["env"], "prod") where metric.name == "requests"
          - set(datapoint.value_int, datapoint.value_int * 10) where datapoint.attributes["route"] == "/a"
          - set(datapoint.time_unix_nano, 5000) where metric.name == "requests"
          - set(datapoint.value_double, 1.5) where metric.name == "latency"
          - set(datapoint.explicit_bounds, [1.0, 2.0]) where metric.name == "h"
          - set(datapoint.bucket_counts, [1, 2, 3])
          - set(datapoint.count, 6) where metric.name == "h"
          - set(datapoint.sum, 7.5) where metric.name == "h"
        """);
    List<Metric> got = t.run(request(
        sum("requests", CUMULATIVE, true, intPoint(2, "route", "/a"), intPoint(3, "route", "/b")),
        gauge("latency", intPoint(9)),
        dev.relay.testing.TestMetrics.histogram("h", DELTA, HistogramDataPoint.newBuilder().setCount(1))));
    List<NumberDataPoint> requests = got.get(0).getSum().getDataPointsList();
    assertThat(requests).extracting(NumberDataPoint::getAsInt).containsExactly(20L, 3L);
    assertThat(requests).extracting(p -> attr(p.getAttributesList(), "env")).containsExactly("prod", "prod");
    assertThat(requests).extracting(NumberDataPoint::getTimeUnixNano).containsExactly(5000L, 5000L);
    // setting value_double on an int point makes it a double point, as pdata's SetDoubleValue does
    assertThat(got.get(1).getGauge().getDataPoints(0).getValueCase()).isEqualTo(NumberDataPoint.ValueCase.AS_DOUBLE);
    assertThat(got.get(1).getGauge().getDataPoints(0).getAsDouble()).isEqualTo(1.5);
    HistogramDataPoint h = got.get(2).getHistogram().getDataPoints(0);
    assertThat(h.getExplicitBoundsList()).containsExactly(1.0, 2.0);
    assertThat(h.getBucketCountsList()).containsExactly(1L, 2L, 3L);
    assertThat(h.getCount()).isEqualTo(6);
    assertThat(h.getSum()).isEqualTo(7.5);
    assertThat(t.errors()).isZero();
  }

  @Test
  void theContextIsInferredAsTheReadmeDescribes() throws Exception {
    // contrib processor/transformprocessor/README.md, "Context inference": datapoint, then metric.
    MetricTransforms t = MetricTransforms.of("""
        metric_statements:
          - set(metric.description, "test passed") where datapoint.attributes["test"] == "pass"
          - statements:
              - set(resource.attributes["test"], "passed")
              - set(metric.unit, "1")
        """);
    var req = request(gauge("a", intPoint(1, "test", "fail"), intPoint(2, "test", "pass")),
        gauge("b", intPoint(1, "test", "fail")));
    t.run(req);
    var result = t.out.get(0).request();
    List<Metric> got = result.getResourceMetrics(0).getScopeMetrics(0).getMetricsList();
    assertThat(got).extracting(Metric::getDescription).containsExactly("test passed", "");
    assertThat(got).extracting(Metric::getUnit).containsExactly("1", "1");
    assertThat(attr(result.getResourceMetrics(0).getResource().getAttributesList(), "test")).isEqualTo("passed");
  }

  @Test
  void aBatchNoStatementChangesGoesOnAsItCame() throws Exception {
    MetricTransforms t = MetricTransforms.of("""
        metric_statements:
          - set(metric.description, "x") where metric.name == "nope"
          - set(datapoint.attributes["k"], "v") where datapoint.attributes["route"] == "/none"
        """);
    MetricsBatch untouched = MetricsBatch.fromWire(request(gauge("a", intPoint(1, "route", "/a"))).toByteArray());
    t.consume(untouched);
    assertThat(t.out).hasSize(1);
    assertThat(t.out.get(0)).isSameAs(untouched);
    MetricsBatch touched = MetricsBatch.fromWire(request(gauge("nope", intPoint(1))).toByteArray());
    t.consume(touched);
    assertThat(t.out.get(1)).isNotSameAs(touched);
    assertThat(t.out.get(1).request().getResourceMetrics(0).getScopeMetrics(0).getMetrics(0).getDescription())
        .isEqualTo("x");
  }

  @Test
  void cacheIsClearedBetweenMetrics() throws Exception {
    MetricTransforms t = MetricTransforms.of("""
        metric_statements:
          - context: metric
            statements:
              - set(cache["first"], metric.name) where metric.name == "a"
              - set(metric.description, cache["first"])
        """);
    List<Metric> got = t.run(request(gauge("a", intPoint(1)), gauge("b", intPoint(1))));
    // b's cache is empty, so its description is set to nil: left unchanged
    assertThat(got).extracting(Metric::getDescription).containsExactly("a", "");
  }

  @Test
  void temporalityAndKindEnumsReadAsTheCollectorsDo() throws Exception {
    MetricTransforms t = MetricTransforms.of("""
        metric_statements:
          - set(metric.description, "delta") where metric.aggregation_temporality == AGGREGATION_TEMPORALITY_DELTA
          - set(metric.unit, "monotonic") where metric.is_monotonic == true
          - set(datapoint.attributes["start"], "set") where datapoint.start_time_unix_nano > 0
        """);
    List<Metric> got = t.run(request(sum("s", DELTA, true, intPoint(1).setStartTimeUnixNano(7), intPoint(2)),
        sum("c", AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, false, intPoint(1))));
    assertThat(got).extracting(Metric::getDescription).containsExactly("delta", "");
    assertThat(got).extracting(Metric::getUnit).containsExactly("monotonic", "");
    assertThat(got.get(0).getSum().getDataPointsList()).extracting(p -> attr(p.getAttributesList(), "start"))
        .containsExactly("set", null);
  }
}
