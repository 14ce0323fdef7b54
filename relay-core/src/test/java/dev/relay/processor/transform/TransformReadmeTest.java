package dev.relay.processor.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.config.ConfigMap;
import dev.relay.config.Problems;
import dev.relay.config.YamlLoader;
import dev.relay.otlp.LogsBatch;
import dev.relay.otlp.TracesBatch;
import dev.relay.testing.KeyValues;
import dev.relay.testing.TestLogs;
import dev.relay.testing.TestTraces;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
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
}
