package dev.relay.processor.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.config.ConfigMap;
import dev.relay.config.Problems;
import dev.relay.config.YamlLoader;
import dev.relay.otlp.LogsBatch;
import dev.relay.otlp.MetricsBatch;
import dev.relay.otlp.TracesBatch;
import dev.relay.testing.KeyValues;
import dev.relay.testing.TestLogs;
import dev.relay.testing.TestTraces;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The OTTL conditions of the filter processor's README (its "Examples" block, pasted unchanged into
 * {@code ottl/readme/filter-ottl.yaml}) compile and drop what the README says they drop, signal by signal; and so
 * do its older span match example ({@code filter-spans.yaml}) and its older log match examples
 * ({@code filter-logs.yaml}).
 */
class FilterReadmeTest {
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private static FilterConfig config() throws Exception {
    return config("filter-ottl.yaml", "filter/ottl");
  }

  private static FilterConfig config(String resource, String processor) throws Exception {
    String yaml;
    try (InputStream in = FilterReadmeTest.class.getResourceAsStream("/ottl/readme/" + resource)) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Problems p = new Problems(resource);
    ConfigMap root = new YamlLoader(k -> null).parse(yaml, p);
    FilterConfig cfg = new FilterProcessorFactory().parseConfig(root.map("processors").map(processor));
    p.throwIfAny();
    return cfg;
  }

  @Test
  void spansAndSpanEventsTheConditionsMatchAreDropped() throws Exception {
    List<TracesBatch> out = new ArrayList<>();
    var p = new FilterProcessorFactory().createTracesProcessor(new ComponentId("filter", "ottl"), config(),
        out::add, new TelemetrySettings(meters));
    ResourceSpans local = TestTraces.resource(KeyValues.of("host.name", "localhost"),
        TestTraces.scope(TestTraces.span("anything")));
    ResourceSpans remote = TestTraces.resource(KeyValues.of("host.name", "remote"), TestTraces.scope(
        TestTraces.span("in-container").addAllAttributes(KeyValues.of("container.name", "app_container_1")),
        TestTraces.span("app_3"),
        TestTraces.span("checkout")
            .addEvents(TestTraces.event("outbound grpc call"))
            .addEvents(TestTraces.event("flagged", KeyValues.kv("grpc", true)))
            .addEvents(TestTraces.event("db query", KeyValues.kv("grpc", "true")))));
    p.consumeTraces(TracesBatch.fromWire(TestTraces.request(local, remote).toByteArray()));

    assertThat(out).hasSize(1);
    List<ResourceSpans> resources = out.get(0).request().getResourceSpansList();
    // the localhost resource lost its only span, and goes with it
    assertThat(resources).hasSize(1);
    List<Span> spans = resources.get(0).getScopeSpans(0).getSpansList();
    assertThat(spans).extracting(Span::getName).containsExactly("checkout");
    // a string "true" is not the bool true: that event stays
    assertThat(spans.get(0).getEventsList()).extracting(Span.Event::getName).containsExactly("db query");
  }

  @Test
  void logRecordsWithAPasswordOrBelowWarnAreDropped() throws Exception {
    List<LogsBatch> out = new ArrayList<>();
    var p = new FilterProcessorFactory().createLogsProcessor(new ComponentId("filter", "ottl"), config(),
        out::add, new TelemetrySettings(meters));
    p.consumeLogs(LogsBatch.fromWire(TestLogs.request(
        record("login password=hunter2", SeverityNumber.SEVERITY_NUMBER_ERROR),
        record("cache warm", SeverityNumber.SEVERITY_NUMBER_INFO),
        record("no severity", SeverityNumber.SEVERITY_NUMBER_UNSPECIFIED),
        record("queue slow", SeverityNumber.SEVERITY_NUMBER_WARN),
        record("disk full", SeverityNumber.SEVERITY_NUMBER_ERROR)).toByteArray()));

    assertThat(out).hasSize(1);
    List<LogRecord> kept = out.get(0).request().getResourceLogs(0).getScopeLogs(0).getLogRecordsList();
    assertThat(kept).extracting(r -> r.getBody().getStringValue()).containsExactly("queue slow", "disk full");
  }

  @Test
  void metricsAndDatapointsTheConditionsMatchAreDropped() throws Exception {
    List<MetricsBatch> out = new ArrayList<>();
    var p = new FilterProcessorFactory().createMetricsProcessor(new ComponentId("filter", "ottl"), config(),
        out::add, new TelemetrySettings(meters));
    ResourceMetrics labelled = resource(KeyValues.of("my_label", "abc123", "service.name", "shop"),
        gauge("my.metric", 1), gauge("other", 2), histogram("latency"), summary("sizes"));
    ResourceMetrics mine = resource(KeyValues.of("service.name", "my_service_name"), gauge("queue.depth", 3));
    ResourceMetrics unlabelled = resource(KeyValues.of("service.name", "billing"), gauge("my.metric", 1));
    p.consumeMetrics(MetricsBatch.fromWire(ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(labelled).addResourceMetrics(mine).addResourceMetrics(unlabelled).build()
        .toByteArray()));

    assertThat(out).hasSize(1);
    List<ResourceMetrics> resources = out.get(0).request().getResourceMetricsList();
    // my_service_name's metric lost every datapoint, so the metric and then the resource go
    assertThat(resources).hasSize(2);
    assertThat(resources.get(0).getScopeMetrics(0).getMetricsList()).extracting(Metric::getName)
        .containsExactly("other");
    assertThat(resources.get(0).getScopeMetrics(0).getMetrics(0).getGauge().getDataPointsCount()).isEqualTo(2);
    // my.metric without the label is kept: the condition needs both
    assertThat(resources.get(1).getScopeMetrics(0).getMetricsList()).extracting(Metric::getName)
        .containsExactly("my.metric");
  }

  @Test
  void theOlderSpanMatchExampleKeepsOnlyTheIncludedService() throws Exception {
    List<TracesBatch> out = new ArrayList<>();
    var p = new FilterProcessorFactory().createTracesProcessor(new ComponentId("filter", "spans"),
        config("filter-spans.yaml", "filter/spans"), out::add, new TelemetrySettings(meters));
    // app_1 with every property the exclude list names; app_30 is not app_3 under strict matching
    ResourceSpans excluded = TestTraces.resource(KeyValues.of("service.name", "app_1",
        "container.host", "localhost"), TestTraces.scope("opentelemetry", TestTraces.span("hello_world")
            .addAllAttributes(KeyValues.of("container.name", "app_container_1"))));
    ResourceSpans included = TestTraces.resource(KeyValues.of("service.name", "app_3"),
        TestTraces.scope(TestTraces.span("a"), TestTraces.span("hello_world")));
    ResourceSpans near = TestTraces.resource(KeyValues.of("service.name", "app_30"),
        TestTraces.scope(TestTraces.span("b")));
    p.consumeTraces(TracesBatch.fromWire(TestTraces.request(excluded, included, near).toByteArray()));

    assertThat(out).hasSize(1);
    List<ResourceSpans> resources = out.get(0).request().getResourceSpansList();
    assertThat(resources).hasSize(1);
    assertThat(resources.get(0).getScopeSpans(0).getSpansList()).extracting(Span::getName)
        .containsExactly("a", "hello_world");
  }

  @Test
  void theOlderLogMatchExampleOnAResourceAttributeKeepsOnlyThatHost() throws Exception {
    assertThat(keptLogs("filter/2", TestLogs.request(
        TestLogs.resource(KeyValues.of("host.name", "just_this_one_hostname"),
            TestLogs.scope(TestLogs.record("a"), TestLogs.record("b"))),
        TestLogs.resource(KeyValues.of("host.name", "just_this_one_hostname_2"), TestLogs.scope(TestLogs.record("c"))),
        TestLogs.resource(KeyValues.of("service.name", "x"), TestLogs.scope(TestLogs.record("d"))))))
        .containsExactly("a", "b");
  }

  @Test
  void theOlderLogMatchRegexpExampleFindsThePatternAnywhereInTheResourceAttribute() throws Exception {
    assertThat(keptLogs("filter/regexp", TestLogs.request(
        TestLogs.resource(KeyValues.of("host.name", "prefix-1"), TestLogs.scope(TestLogs.record("a"))),
        TestLogs.resource(KeyValues.of("host.name", "my-prefix"), TestLogs.scope(TestLogs.record("b"))),
        TestLogs.resource(KeyValues.of("host.name", "other"), TestLogs.scope(TestLogs.record("c"))))))
        .containsExactly("a", "b");
  }

  @Test
  void theOlderLogMatchRecordAttributeExampleKeepsOnlyMatchingRecords() throws Exception {
    assertThat(keptLogs("filter/regexp_record", TestLogs.request(TestLogs.resource(TestLogs.scope(
        TestLogs.record("a", KeyValues.kv("record_attr", "prefix_x")),
        TestLogs.record("b", KeyValues.kv("record_attr", "prefix-x")),
        TestLogs.record("c"),
        TestLogs.record("d", KeyValues.kv("other", "prefix_x")))))))
        .containsExactly("a");
  }

  @Test
  void theOlderLogMatchSeverityTextExampleKeepsInfoWarnAndError() throws Exception {
    assertThat(keptLogs("filter/severity_text", TestLogs.request(TestLogs.resource(TestLogs.scope(
        TestLogs.record("info").setSeverityText("INFO"),
        TestLogs.record("warn3").setSeverityText("WARN3"),
        TestLogs.record("error").setSeverityText("ERROR"),
        TestLogs.record("debug").setSeverityText("DEBUG"),
        TestLogs.record("fatal").setSeverityText("FATAL"),
        TestLogs.record("none"))))))
        .containsExactly("info", "warn3", "error");
  }

  @Test
  void theOlderLogMatchSeverityNumberExampleDropsBelowInfoAndKeepsUndefined() throws Exception {
    assertThat(keptLogs("filter/severity_number", TestLogs.request(TestLogs.resource(TestLogs.scope(
        TestLogs.record("trace").setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_TRACE),
        TestLogs.record("debug4").setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_DEBUG4),
        TestLogs.record("info").setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_INFO),
        TestLogs.record("undefined"),
        TestLogs.record("fatal4").setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_FATAL4))))))
        .containsExactly("info", "undefined", "fatal4");
  }

  @Test
  void theOlderLogMatchBodiesExampleKeepsOnlyImportantRecords() throws Exception {
    assertThat(keptLogs("filter/bodies", TestLogs.request(TestLogs.resource(TestLogs.scope(
        TestLogs.record("a").setBody(AnyValue.newBuilder().setStringValue("IMPORTANT RECORD: disk full")),
        TestLogs.record("b").setBody(AnyValue.newBuilder().setStringValue("not an IMPORTANT RECORD")),
        TestLogs.record("c").setBody(AnyValue.newBuilder().setStringValue("important record")),
        TestLogs.record("d"))))))
        .containsExactly("a");
  }

  /** The event names of the records the named processor of {@code filter-logs.yaml} keeps, in order. */
  private List<String> keptLogs(String processor,
      io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest request) throws Exception {
    List<LogsBatch> out = new ArrayList<>();
    var p = new FilterProcessorFactory().createLogsProcessor(new ComponentId("filter", processor.substring(7)),
        config("filter-logs.yaml", processor), out::add, new TelemetrySettings(meters));
    p.consumeLogs(LogsBatch.fromWire(request.toByteArray()));
    List<String> kept = new ArrayList<>();
    for (LogsBatch b : out) {
      b.request().getResourceLogsList().forEach(r -> r.getScopeLogsList().forEach(
          s -> s.getLogRecordsList().forEach(l -> kept.add(l.getEventName()))));
    }
    return kept;
  }

  private static LogRecord.Builder record(String body, SeverityNumber severity) {
    return TestLogs.record("e").setBody(AnyValue.newBuilder().setStringValue(body)).setSeverityNumber(severity);
  }

  private static ResourceMetrics resource(List<io.opentelemetry.proto.common.v1.KeyValue> attributes,
      Metric... metrics) {
    return ResourceMetrics.newBuilder().setResource(Resource.newBuilder().addAllAttributes(attributes))
        .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(List.of(metrics))).build();
  }

  private static Metric gauge(String name, long value) {
    NumberDataPoint point = NumberDataPoint.newBuilder().setAsInt(value).setTimeUnixNano(1).build();
    return Metric.newBuilder().setName(name)
        .setGauge(Gauge.newBuilder().addDataPoints(point).addDataPoints(point.toBuilder().setTimeUnixNano(2)))
        .build();
  }

  private static Metric histogram(String name) {
    return Metric.newBuilder().setName(name).setHistogram(Histogram.newBuilder()
        .addDataPoints(HistogramDataPoint.newBuilder().setCount(1).setSum(2.0))).build();
  }

  private static Metric summary(String name) {
    return Metric.newBuilder().setName(name).setSummary(Summary.newBuilder()
        .addDataPoints(SummaryDataPoint.newBuilder().setCount(1).setSum(2.0))).build();
  }
}
