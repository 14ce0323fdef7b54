package dev.relay.processor.transform;

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
import dev.relay.testing.TestMetrics;
import dev.relay.testing.TestTraces;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The statements of the transform processor's README, pasted into configs, compile and do what it says. */
class TransformReadmeTest {
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private static TransformConfig config(String resource) throws Exception {
    String yaml;
    try (InputStream in = TransformReadmeTest.class.getResourceAsStream("/ottl/readme/" + resource)) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Problems p = new Problems(resource);
    ConfigMap root = new YamlLoader(k -> null).parse(yaml, p);
    TransformConfig cfg = new TransformProcessorFactory().parseConfig(root.map("transform"));
    p.throwIfAny();
    return cfg;
  }

  private static Map<String, String> strings(List<KeyValue> attributes) {
    Map<String, String> out = new LinkedHashMap<>();
    attributes.forEach(kv -> out.put(kv.getKey(), kv.getValue().getStringValue()));
    return out;
  }

  private static AnyValue map(String key, String value) {
    return AnyValue.newBuilder().setKvlistValue(io.opentelemetry.proto.common.v1.KeyValueList.newBuilder()
        .addValues(KeyValues.kv(key, value))).build();
  }

  @Test
  void basicConfigTraceStatements() throws Exception {
    List<TracesBatch> out = new ArrayList<>();
    var p = new TransformProcessorFactory().createTracesProcessor(new ComponentId("transform", ""),
        config("transform-basic.yaml"), out::add, new TelemetrySettings(meters));
    Span.Builder span = TestTraces.span("s").addAllAttributes(KeyValues.of(
        "service.name", "api", "http.method", "GET", "cloud.region", "x".repeat(5000),
        "process.command_line", "run --password=hunter2 --verbose"));
    p.consumeTraces(TracesBatch.fromWire(TestTraces.request(span).toByteArray()));
    List<KeyValue> attrs = out.get(0).request().getResourceSpans(0).getScopeSpans(0).getSpans(0).getAttributesList();
    assertThat(strings(attrs)).containsExactly(
        Map.entry("service.name", "api"),
        Map.entry("cloud.region", "x".repeat(4096)),
        Map.entry("process.command_line", "run --password=***--verbose"));
  }

  @Test
  void basicConfigLogStatements() throws Exception {
    List<LogsBatch> out = new ArrayList<>();
    var p = new TransformProcessorFactory().createLogsProcessor(new ComponentId("transform", ""),
        config("transform-basic.yaml"), out::add, new TelemetrySettings(meters));
    LogRecord.Builder failed = TestLogs.record("e", KeyValues.kv("path", "/user/123/list/456"),
        KeyValues.kv("acct", "GET /account/1234/x"), KeyValues.kv("http.route", "/orders/{id}"))
        .setBody(AnyValue.newBuilder().setStringValue("request failed"));
    LogRecord.Builder other = TestLogs.record("e").setBody(AnyValue.newBuilder().setStringValue("fine"));
    p.consumeLogs(LogsBatch.fromWire(TestLogs.request(failed, other).toByteArray()));
    List<LogRecord> records = out.get(0).request().getResourceLogs(0).getScopeLogs(0).getLogRecordsList();
    assertThat(records.get(0).getSeverityText()).isEqualTo("FAIL");
    assertThat(strings(records.get(0).getAttributesList())).containsExactly(
        Map.entry("path", "/user/{userId}/list/{listId}"),
        Map.entry("acct", "GET /account/{accountId}/x"),
        Map.entry("http.route", "/orders/{id}"));
    assertThat(records.get(0).getBody().getStringValue()).isEqualTo("/orders/{id}");
    // no http.route: set with a nil value changes nothing
    assertThat(records.get(1).getSeverityText()).isEmpty();
    assertThat(records.get(1).getBody().getStringValue()).isEqualTo("fine");
  }

  @Test
  void advancedConfigGroupConditionsGateTheStatements() throws Exception {
    List<LogsBatch> out = new ArrayList<>();
    var p = new TransformProcessorFactory().createLogsProcessor(new ComponentId("transform", ""),
        config("transform-advanced.yaml"), out::add, new TelemetrySettings(meters));
    LogRecord.Builder withObject = TestLogs.record("e", KeyValues.kv("http.route", "/a"))
        .setBody(map("object", "x"));
    LogRecord.Builder withoutObject = TestLogs.record("e", KeyValues.kv("http.route", "/b"))
        .setBody(map("other", "x"));
    p.consumeLogs(LogsBatch.fromWire(TestLogs.request(withObject, withoutObject).toByteArray()));
    List<LogRecord> records = out.get(0).request().getResourceLogs(0).getScopeLogs(0).getLogRecordsList();
    assertThat(records.get(0).getBody().getStringValue()).isEqualTo("/a");
    assertThat(records.get(1).getBody().hasKvlistValue()).isTrue();
  }

  @Test
  void parsingJsonLogsThroughTheCache() throws Exception {
    List<LogsBatch> out = new ArrayList<>();
    var p = new TransformProcessorFactory().createLogsProcessor(new ComponentId("transform", ""),
        config("transform-parse-json.yaml"), out::add, new TelemetrySettings(meters));
    String json = "{\"name\":\"log\",\"attr1\":\"foo\",\"attr2\":\"bar\",\"nested\":{\"attr3\":\"example\"}}";
    LogRecord.Builder parsed = TestLogs.record("e").setBody(AnyValue.newBuilder().setStringValue(json));
    LogRecord.Builder plain = TestLogs.record("e").setBody(AnyValue.newBuilder().setStringValue("not json"));
    p.consumeLogs(LogsBatch.fromWire(TestLogs.request(parsed, plain).toByteArray()));
    List<LogRecord> records = out.get(0).request().getResourceLogs(0).getScopeLogs(0).getLogRecordsList();
    assertThat(strings(records.get(0).getAttributesList())).containsExactly(
        Map.entry("attr1", "foo"), Map.entry("attr2", "bar"), Map.entry("nested.attr3", "example"));
    // the next record starts with an empty cache: nothing is carried over
    assertThat(records.get(1).getAttributesList()).isEmpty();
  }

  @Test
  void severityOfAnUnstructuredLogBody() throws Exception {
    List<LogsBatch> out = new ArrayList<>();
    var p = new TransformProcessorFactory().createLogsProcessor(new ComponentId("transform", ""),
        config("transform-severity.yaml"), out::add, new TelemetrySettings(meters));
    LogRecord.Builder info = TestLogs.record("e").setBody(AnyValue.newBuilder()
        .setStringValue("[2023-09-22 07:38:22,570] INFO [Something]: some interesting log"));
    LogRecord.Builder warn = TestLogs.record("e").setBody(AnyValue.newBuilder()
        .setStringValue("[2023-09-22 07:38:22,570] WARN [Something]: careful"));
    p.consumeLogs(LogsBatch.fromWire(TestLogs.request(info, warn).toByteArray()));
    List<LogRecord> records = out.get(0).request().getResourceLogs(0).getScopeLogs(0).getLogRecordsList();
    assertThat(records.get(0).getSeverityNumberValue()).isEqualTo(9);
    assertThat(records.get(1).getSeverityNumberValue()).isEqualTo(13);
  }

  @Test
  void copyMatchingAttributesRenameAndCombine() throws Exception {
    List<TracesBatch> out = new ArrayList<>();
    var p = new TransformProcessorFactory().createTracesProcessor(new ComponentId("transform", ""),
        config("transform-copy-matching.yaml"), out::add, new TelemetrySettings(meters));
    var request = TestTraces.request(TestTraces.resource(KeyValues.of("pod_labels_app", "shop",
        "pod_labels_tier", "web", "k8s.namespace.name", "prod", "foo", "a", "bar", "b"),
        TestTraces.scope(TestTraces.span("s"))));
    p.consumeTraces(TracesBatch.fromWire(request.toByteArray()));
    var resource = out.get(0).request().getResourceSpans(0).getResource();
    Map<String, AnyValue> attrs = new LinkedHashMap<>();
    resource.getAttributesList().forEach(kv -> attrs.put(kv.getKey(), kv.getValue()));
    assertThat(attrs.keySet()).containsExactly("pod_labels_app", "pod_labels_tier", "foo", "bar",
        "kubernetes.labels", "namespace", "test");
    assertThat(strings(attrs.get("kubernetes.labels").getKvlistValue().getValuesList())).containsExactly(
        Map.entry("pod_labels_app", "shop"), Map.entry("pod_labels_tier", "web"));
    assertThat(attrs.get("namespace").getStringValue()).isEqualTo("prod");
    assertThat(attrs.get("test").getStringValue()).isEqualTo("a b");
    assertThat(strings(out.get(0).request().getResourceSpans(0).getScopeSpans(0).getSpans(0).getAttributesList()))
        .containsExactly(Map.entry("test", "pass"));
  }

  private List<Metric> metrics(String resource, ExportMetricsServiceRequest request) throws Exception {
    List<MetricsBatch> out = new ArrayList<>();
    var p = new TransformProcessorFactory().createMetricsProcessor(new ComponentId("transform", ""),
        config(resource), out::add, new TelemetrySettings(new SimpleMeterRegistry()));
    p.consumeMetrics(MetricsBatch.fromWire(request.toByteArray()));
    lastMetrics = out.get(0).request();
    return TestMetrics.metrics(lastMetrics);
  }

  private ExportMetricsServiceRequest lastMetrics;

  @Test
  void basicConfigMetricStatements() throws Exception {
    var request = TestMetrics.request(
        TestMetrics.sum("system.processes.count", TestMetrics.CUMULATIVE, false, TestMetrics.intPoint(7)),
        TestMetrics.gauge("prometheus_metric", TestMetrics.doublePoint(1.5)),
        TestMetrics.sum("other", TestMetrics.DELTA, true, TestMetrics.intPoint(1)))
        .toBuilder();
    request.getResourceMetricsBuilder(0).getResourceBuilder().clearAttributes()
        .addAllAttributes(KeyValues.of("host.name", "h".repeat(5000), "pod", "p"));
    List<Metric> got = metrics("transform-basic.yaml", request.build());
    assertThat(strings(lastMetrics.getResourceMetrics(0).getResource().getAttributesList()))
        .containsExactly(Map.entry("host.name", "h".repeat(4096)));
    assertThat(got.get(0).hasGauge()).isTrue();
    assertThat(got.get(0).getGauge().getDataPoints(0).getAsInt()).isEqualTo(7);
    assertThat(got.get(1).getSum().getAggregationTemporality()).isEqualTo(TestMetrics.CUMULATIVE);
    assertThat(got.get(1).getSum().getIsMonotonic()).isFalse();
    assertThat(got.get(1).getSum().getDataPoints(0).getAsDouble()).isEqualTo(1.5);
    // metric.type is an int: compared with the string "Sum" it is never equal, in the Collector too
    assertThat(got).extracting(Metric::getDescription).containsOnly("");
  }

  @Test
  void advancedConfigMetricStatements() throws Exception {
    List<Metric> got = metrics("transform-advanced.yaml", TestMetrics.request(
        TestMetrics.sum("s", TestMetrics.DELTA, true, TestMetrics.intPoint(1)),
        TestMetrics.gauge("g", TestMetrics.intPoint(1))));
    assertThat(got).extracting(Metric::getDescription).containsExactly("Sum", "");
  }

  @Test
  void contextInferenceExamplesForMetrics() throws Exception {
    List<Metric> got = metrics("transform-metric-inference.yaml",
        TestMetrics.request(
            TestMetrics.sum("system.processes.count", TestMetrics.DELTA, false,
                TestMetrics.intPoint(1, "test", "pass", "host.name", "h")),
            TestMetrics.gauge("g", TestMetrics.intPoint(1, "test", "fail"))));
    assertThat(strings(lastMetrics.getResourceMetrics(0).getResource().getAttributesList()))
        .containsEntry("test", "passed");
    assertThat(got).extracting(Metric::getDescription)
        .containsExactly("test passed", "test passed");
    assertThat(got.get(0).hasGauge()).isTrue();
    assertThat(got.get(0).getGauge().getDataPoints(0).getAttributesCount()).isEqualTo(2);
  }
}
