package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRelay;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Metrics from the real OpenTelemetry SDK through a metrics pipeline whose transform runs metric_statements in the
 * resource, metric and datapoint contexts, to the OTLP backend: each statement's documented effect arrives.
 */
class MetricStatementsIT {
  private static Map<String, Metric> byName(ExportMetricsServiceRequest request) {
    return request.getResourceMetricsList().stream().flatMap(rm -> rm.getScopeMetricsList().stream())
        .flatMap(sm -> sm.getMetricsList().stream()).collect(Collectors.toMap(Metric::getName, m -> m));
  }

  private static String attr(List<KeyValue> attrs, String key) {
    return attrs.stream().filter(kv -> kv.getKey().equals(key)).map(kv -> kv.getValue().getStringValue())
        .findFirst().orElse(null);
  }

  @Test
  void metricStatementsChangeWhatReachesTheBackend() throws Exception {
    try (TempoStub backend = TempoStub.start()) {
      TestConfig config = new TestConfig()
          .otlpReceiver()
          .processor("transform", """
              metric_statements:
                - set(resource.attributes["deployment.environment"], "test")
                - set(metric.description, "requests served") where metric.name == "gateway.requests"
                - set(datapoint.attributes["region"], "eu") where metric.name == "gateway.requests"
                - scale_metric(1000.0, "ms") where metric.name == "gateway.latency"
                - extract_count_metric(true) where metric.name == "gateway.latency"
                - context: metric
                  conditions:
                    - metric.name == "gateway.requests"
                  statements:
                    - aggregate_on_attributes("sum", ["region"])
              """)
          .otlpExporter("otlp", backend)
          .pipeline("metrics", List.of("otlp"), List.of("transform"), List.of("otlp"));
      try (TestRelay relay = TestRelay.start(config)) {
        SdkMeterProvider meters = SdkMeterProvider.builder()
            .registerMetricReader(PeriodicMetricReader.builder(OtlpGrpcMetricExporter.builder()
                .setEndpoint("http://127.0.0.1:" + relay.grpcPort("otlp")).build())
                .setInterval(Duration.ofHours(1)).build())
            .build();
        try {
          LongCounter requests = meters.get("gateway").counterBuilder("gateway.requests").build();
          requests.add(3, Attributes.of(AttributeKey.stringKey("route"), "/chat"));
          requests.add(4, Attributes.of(AttributeKey.stringKey("route"), "/embed"));
          DoubleHistogram latency = meters.get("gateway").histogramBuilder("gateway.latency").setUnit("s").build();
          latency.record(0.25);
          latency.record(0.5);
          assertThat(meters.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
          Await.until(Duration.ofSeconds(10), "the export forwarded", () -> !backend.metricRequests().isEmpty());
        } finally {
          meters.shutdown().join(10, TimeUnit.SECONDS);
        }
        ExportMetricsServiceRequest first = backend.metricRequests().get(0);
        assertThat(attr(first.getResourceMetrics(0).getResource().getAttributesList(), "deployment.environment"))
            .isEqualTo("test");
        Map<String, Metric> got = byName(first);
        assertThat(got.keySet()).contains("gateway.requests", "gateway.latency", "gateway.latency_count");

        // the two routes' points, given the same region and aggregated on it: one point of 3 + 4
        Metric requestsMetric = got.get("gateway.requests");
        assertThat(requestsMetric.getDescription()).isEqualTo("requests served");
        assertThat(requestsMetric.getSum().getDataPointsList()).hasSize(1);
        NumberDataPoint total = requestsMetric.getSum().getDataPoints(0);
        assertThat(total.getAsInt()).isEqualTo(7);
        assertThat(total.getAttributesList()).extracting(KeyValue::getKey).containsExactly("region");
        assertThat(attr(total.getAttributesList(), "region")).isEqualTo("eu");

        // seconds scaled to milliseconds: sum, min, max and every bound
        Metric latencyMetric = got.get("gateway.latency");
        assertThat(latencyMetric.getUnit()).isEqualTo("ms");
        HistogramDataPoint h = latencyMetric.getHistogram().getDataPoints(0);
        assertThat(h.getCount()).isEqualTo(2);
        assertThat(h.getSum()).isEqualTo(750.0);
        assertThat(h.getMin()).isEqualTo(250.0);
        assertThat(h.getMax()).isEqualTo(500.0);
        // the SDK's default bounds start 0, 5, 10, 25
        assertThat(h.getExplicitBoundsList().subList(0, 4)).containsExactly(0.0, 5000.0, 10000.0, 25000.0);

        Metric count = got.get("gateway.latency_count");
        assertThat(count.getUnit()).isEqualTo("1");
        assertThat(count.getSum().getIsMonotonic()).isTrue();
        assertThat(count.getSum().getDataPoints(0).getAsInt()).isEqualTo(2);
        assertThat(relay.counter("relay.processor.ottl.errors")).isZero();
      }
    }
  }
}
