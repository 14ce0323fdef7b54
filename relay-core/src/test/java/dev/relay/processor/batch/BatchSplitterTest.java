package dev.relay.processor.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.otlp.Batch;
import dev.relay.otlp.LogsBatch;
import dev.relay.otlp.MetricsBatch;
import dev.relay.otlp.TracesBatch;
import dev.relay.testing.KeyValues;
import dev.relay.testing.TestLogs;
import dev.relay.testing.TestTraces;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Splitting as the Collector's batch processor splits: in order, each item with its resource and scope. */
class BatchSplitterTest {
  private static Resource resource(String service) {
    return Resource.newBuilder().addAllAttributes(KeyValues.of("service.name", service)).build();
  }

  @Test
  void tracesSplitAtSpansAndEachPartKeepsItsResourceAndScope() throws Exception {
    ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().setResource(resource("a")).setSchemaUrl("s")
            .addScopeSpans(TestTraces.scope("x", TestTraces.spans("a-x-", 2)))
            .addScopeSpans(TestTraces.scope("y", TestTraces.spans("a-y-", 3))))
        .addResourceSpans(ResourceSpans.newBuilder().setResource(resource("b"))
            .addScopeSpans(TestTraces.scope("z", TestTraces.spans("b-z-", 2))))
        .build();
    List<Batch> parts = BatchSplitter.split(TracesBatch.fromWire(request.toByteArray()), 3);
    assertThat(parts).extracting(Batch::itemCount).containsExactly(3, 3, 1);
    ExportTraceServiceRequest first = ((TracesBatch) parts.get(0)).request();
    assertThat(first).isEqualTo(ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().setResource(resource("a")).setSchemaUrl("s")
            .addScopeSpans(request.getResourceSpans(0).getScopeSpans(0))
            .addScopeSpans(request.getResourceSpans(0).getScopeSpans(1).toBuilder().clearSpans()
                .addSpans(request.getResourceSpans(0).getScopeSpans(1).getSpans(0))))
        .build());
    ExportTraceServiceRequest second = ((TracesBatch) parts.get(1)).request();
    assertThat(second.getResourceSpansList()).extracting(rs -> rs.getResource()).containsExactly(resource("a"),
        resource("b"));
    assertThat(second.getResourceSpans(0).getScopeSpans(0).getScope().getName()).isEqualTo("y");
    assertThat(second.getResourceSpans(0).getScopeSpans(0).getSpansList()).extracting(s -> s.getName())
        .containsExactly("a-y-1", "a-y-2");
    assertThat(second.getResourceSpans(1).getScopeSpans(0).getSpansList()).extracting(s -> s.getName())
        .containsExactly("b-z-0");
    ExportTraceServiceRequest third = ((TracesBatch) parts.get(2)).request();
    assertThat(third.getResourceSpans(0).getScopeSpans(0).getSpansList()).extracting(s -> s.getName())
        .containsExactly("b-z-1");
  }

  @Test
  void aBatchNoLargerThanTheMaxIsItself() throws Exception {
    TracesBatch batch = TracesBatch.fromWire(TestTraces.request(TestTraces.spans("s", 3)).toByteArray());
    assertThat(BatchSplitter.split(batch, 3)).containsExactly(batch);
    assertThat(BatchSplitter.split(batch, 0)).containsExactly(batch);
  }

  @Test
  void logsSplitAtRecords() throws Exception {
    ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(ResourceLogs.newBuilder().setResource(resource("a")).addScopeLogs(ScopeLogs.newBuilder()
            .addLogRecords(TestLogs.record("l0")).addLogRecords(TestLogs.record("l1"))
            .addLogRecords(TestLogs.record("l2"))))
        .build();
    List<Batch> parts = BatchSplitter.split(LogsBatch.fromWire(request.toByteArray()), 2);
    assertThat(parts).extracting(Batch::itemCount).containsExactly(2, 1);
    ResourceLogs rest = ((LogsBatch) parts.get(1)).request().getResourceLogs(0);
    assertThat(rest.getResource()).isEqualTo(resource("a"));
    assertThat(rest.getScopeLogs(0).getLogRecords(0).getEventName()).isEqualTo("l2");
  }

  /** A metric whose data points straddle two parts is in both, each with its share of the points. */
  @Test
  void metricsSplitAtDataPoints() throws Exception {
    Gauge.Builder gauge = Gauge.newBuilder();
    for (int i = 0; i < 3; i++) {
      gauge.addDataPoints(NumberDataPoint.newBuilder().setAsInt(i));
    }
    Histogram.Builder histogram = Histogram.newBuilder().setAggregationTemporalityValue(2);
    for (int i = 0; i < 2; i++) {
      histogram.addDataPoints(HistogramDataPoint.newBuilder().setCount(i));
    }
    ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource("a")).addScopeMetrics(
            ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName("g").setUnit("1").setGauge(gauge))
                .addMetrics(Metric.newBuilder().setName("h").setHistogram(histogram))))
        .build();
    List<Batch> parts = BatchSplitter.split(MetricsBatch.fromWire(request.toByteArray()), 2);
    assertThat(parts).extracting(Batch::itemCount).containsExactly(2, 2, 1);
    List<Metric> second = ((MetricsBatch) parts.get(1)).request().getResourceMetrics(0).getScopeMetrics(0)
        .getMetricsList();
    assertThat(second).extracting(Metric::getName).containsExactly("g", "h");
    assertThat(second.get(0).getUnit()).isEqualTo("1");
    assertThat(second.get(0).getGauge().getDataPointsList()).extracting(NumberDataPoint::getAsInt)
        .containsExactly(2L);
    assertThat(second.get(1).getHistogram().getDataPointsList()).extracting(HistogramDataPoint::getCount)
        .containsExactly(0L);
    assertThat(second.get(1).getHistogram().getAggregationTemporalityValue()).isEqualTo(2);
    Metric last = ((MetricsBatch) parts.get(2)).request().getResourceMetrics(0).getScopeMetrics(0).getMetrics(0);
    assertThat(last.getHistogram().getDataPointsList()).extracting(HistogramDataPoint::getCount)
        .containsExactly(1L);
  }
}
