package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.RedisSubscriber;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRedis;
import dev.relay.testing.TestRelay;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Log records and metrics from the real OpenTelemetry SDK, through logs and metrics pipelines: filtered and
 * transformed in the log context, forwarded to the OTLP backend, and (log records) published to Redis the moment
 * they arrive, selected by {@code event_name}.
 */
class LogsAndMetricsIT {
  private static Map<String, String> attributes(List<KeyValue> kvs) {
    Map<String, String> out = new TreeMap<>();
    for (KeyValue kv : kvs) {
      AnyValue v = kv.getValue();
      out.put(kv.getKey(), v.hasStringValue() ? v.getStringValue() : v.toString().trim());
    }
    return out;
  }

  @Test
  void logRecordsAreFilteredTransformedForwardedAndPublishedByEventName() throws Exception {
    try (TestRedis redis = TestRedis.start(); TempoStub backend = TempoStub.start()) {
      TestConfig config = new TestConfig()
          .otlpReceiver()
          .processor("filter/debug", """
              logs:
                log_record:
                  - severity_number < SEVERITY_NUMBER_INFO
              """)
          .processor("transform/logs", """
              log_statements:
                - delete_key(attributes, "secret")
                - set(attributes["relay.seen"], "yes")
                - context: resource
                  statements:
                    - set(attributes["deployment.environment"], "test")
              """)
          .otlpExporter("otlp", backend)
          .redisExporter("redis", redis, """
              routes:
                - match: 'IsMatch(event_name, "^policy\\\\.")'
                  channel: 'policy:{{ attributes["call_id"] }}'
                  payload:
                    event: event_name
                    call_id: attributes["call_id"]
                    body: body
                    severity: severity_text
                    env: resource.attributes["deployment.environment"]
                - match: 'IsMatch(name, "^gateway\\\\.")'
                  channel: spans-only
              """)
          .pipeline("logs", List.of("otlp"), List.of("filter/debug", "transform/logs"), List.of("otlp", "redis"));
      try (TestRelay relay = TestRelay.start(config);
          RedisSubscriber sub = RedisSubscriber.patterns(redis.uri(), "policy:*", "spans-only")) {
        SdkLoggerProvider logs = SdkLoggerProvider.builder()
            .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "gateway")))
            .addLogRecordProcessor(SimpleLogRecordProcessor.create(OtlpGrpcLogRecordExporter.builder()
                .setEndpoint("http://127.0.0.1:" + relay.grpcPort("otlp")).build()))
            .build();
        try {
          Logger logger = logs.get("policy-engine");
          logger.logRecordBuilder().setEventName("policy.violation").setSeverity(Severity.WARN)
              .setSeverityText("WARN").setBody("blocked a prompt").setAttribute(AttributeKey.stringKey("call_id"), "c-1")
              .setAttribute(AttributeKey.stringKey("secret"), "s3cret").emit();
          logger.logRecordBuilder().setEventName("gateway.request").setSeverity(Severity.INFO)
              .setSeverityText("INFO").setBody("request in").setAttribute(AttributeKey.stringKey("call_id"), "c-1")
              .emit();
          logger.logRecordBuilder().setSeverity(Severity.DEBUG).setBody("noise").emit();
          assertThat(logs.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        } finally {
          logs.shutdown().join(10, TimeUnit.SECONDS);
        }

        Await.until(Duration.ofSeconds(10), "the policy event on Redis", () -> sub.messages().size() == 1);
        assertThat(sub.messages().get(0).channel()).isEqualTo("policy:c-1");
        assertThat(sub.messages().get(0).payload()).isEqualTo(
            "{\"event\":\"policy.violation\",\"call_id\":\"c-1\",\"body\":\"blocked a prompt\",\"severity\":\"WARN\","
                + "\"env\":\"test\"}");

        Await.until(Duration.ofSeconds(10), "two records at the backend", () -> backend.logRecords().size() == 2);
        // SimpleLogRecordProcessor exports each record on its own, so their order at the backend may vary.
        List<LogRecord> got = new java.util.ArrayList<>(backend.logRecords());
        got.sort(java.util.Comparator.comparing(LogRecord::getEventName).reversed());
        assertThat(got).extracting(LogRecord::getEventName).containsExactly("policy.violation", "gateway.request");
        assertThat(attributes(got.get(0).getAttributesList()))
            .isEqualTo(Map.of("call_id", "c-1", "relay.seen", "yes"));
        assertThat(attributes(got.get(1).getAttributesList()))
            .isEqualTo(Map.of("call_id", "c-1", "relay.seen", "yes"));
        assertThat(got.get(0).getBody().getStringValue()).isEqualTo("blocked a prompt");
        assertThat(attributes(backend.logRequests().get(0).getResourceLogs(0).getResource().getAttributesList()))
            .containsEntry("deployment.environment", "test").containsEntry("service.name", "gateway");
        assertThat(relay.counter("relay.receiver.accepted.log.records")).isEqualTo(3);
        assertThat(relay.counter("relay.processor.filter.dropped.log.records")).isEqualTo(1);
        Await.until(Duration.ofSeconds(10), "sent counted",
            () -> relay.counter("relay.exporter.sent.log.records", "exporter", "otlp") == 2);
        // The span-event route never sees log records, so nothing reached 'spans-only'.
        assertThat(sub.messages()).hasSize(1);
      }
    }
  }

  @Test
  void logRecordsOverHttpProtobufAndJsonReachRedisWithoutAnySpan() throws Exception {
    try (TestRedis redis = TestRedis.start(); TempoStub backend = TempoStub.start()) {
      TestConfig config = new TestConfig()
          .otlpHttpReceiver()
          .otlpExporter("otlp", backend)
          .redisExporter("redis", redis, """
              routes:
                - match: 'IsMatch(event_name, "^policy\\\\.")'
                  channel: policy
                  payload:
                    event: event_name
                    trace_id: trace_id.string
              """)
          .pipeline("logs", List.of("otlp"), List.of("otlp", "redis"));
      try (TestRelay relay = TestRelay.start(config);
          RedisSubscriber sub = RedisSubscriber.channels(redis.uri(), "policy")) {
        SdkLoggerProvider logs = SdkLoggerProvider.builder()
            .addLogRecordProcessor(SimpleLogRecordProcessor.create(OtlpHttpLogRecordExporter.builder()
                .setEndpoint("http://127.0.0.1:" + relay.httpPort("otlp") + "/v1/logs").build()))
            .build();
        try {
          logs.get("policy-engine").logRecordBuilder().setEventName("policy.allowed").emit();
          assertThat(logs.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        } finally {
          logs.shutdown().join(10, TimeUnit.SECONDS);
        }
        Await.until(Duration.ofSeconds(10), "the protobuf record on Redis", () -> sub.payloads().size() == 1);
        assertThat(sub.payloads().get(0)).isEqualTo("{\"event\":\"policy.allowed\",\"trace_id\":\"\"}");

        // OTLP JSON, as a browser SDK sends it: hex ids, lowerCamelCase, enums as numbers.
        String json = """
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"web"}}]},
              "scopeLogs":[{"scope":{"name":"ui"},"logRecords":[{"timeUnixNano":"1764216306000000000",
                "eventName":"policy.blocked","severityNumber":13,"severityText":"WARN",
                "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
                "body":{"stringValue":"blocked"}}]}]}]}
            """;
        var res = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + relay.httpPort("otlp") + "/v1/logs"))
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("{}");
        Await.until(Duration.ofSeconds(10), "the JSON record on Redis", () -> sub.payloads().size() == 2);
        assertThat(sub.payloads().get(1))
            .isEqualTo("{\"event\":\"policy.blocked\",\"trace_id\":\"5b8efff798038103d269b633813fc60c\"}");
        Await.until(Duration.ofSeconds(10), "both records at the backend", () -> backend.logRecords().size() == 2);
        assertThat(backend.logRecords().get(1).getSeverityText()).isEqualTo("WARN");
        assertThat(relay.counter("relay.receiver.accepted.log.records", "transport", "http")).isEqualTo(2);

        // Shaped like the specification's logs example: upper-case hex ids, int64 times as JSON numbers, an
        // attribute of every value type, scope attributes.
        String specLike = """
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"my.service"}}]},
              "scopeLogs":[{"scope":{"name":"my.library","version":"1.0.0",
                  "attributes":[{"key":"my.scope.attribute","value":{"stringValue":"some scope attribute"}}]},
                "logRecords":[{"timeUnixNano":1544712660300000000,"observedTimeUnixNano":1544712660300000000,
                  "severityText":"Information","traceId":"5B8EFFF798038103D269B633813FC60C",
                  "spanId":"EEE19B7EC3C1B174","body":{"stringValue":"Example log record"},
                  "attributes":[{"key":"string.attribute","value":{"stringValue":"some string"}},
                    {"key":"boolean.attribute","value":{"boolValue":true}},
                    {"key":"int.attribute","value":{"intValue":10}},
                    {"key":"double.attribute","value":{"doubleValue":637.704}},
                    {"key":"array.attribute","value":{"arrayValue":{"values":[{"stringValue":"many"},
                      {"stringValue":"values"}]}}},
                    {"key":"map.attribute","value":{"kvlistValue":{"values":[{"key":"some.map.key",
                      "value":{"stringValue":"some value"}}]}}}]}]}]}]}
            """;
        var specRes = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + relay.httpPort("otlp") + "/v1/logs"))
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(specLike)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(specRes.statusCode()).isEqualTo(200);
        Await.until(Duration.ofSeconds(10), "the third record at the backend", () -> backend.logRecords().size() == 3);
        LogRecord spec = backend.logRecords().get(2);
        assertThat(spec.getTimeUnixNano()).isEqualTo(1544712660300000000L);
        assertThat(dev.relay.ottl.Id.hex(spec.getTraceId())).isEqualTo("5b8efff798038103d269b633813fc60c");
        assertThat(dev.relay.ottl.Id.hex(spec.getSpanId())).isEqualTo("eee19b7ec3c1b174");
        assertThat(spec.getAttributesCount()).isEqualTo(6);
        assertThat(spec.getAttributes(3).getValue().getDoubleValue()).isEqualTo(637.704);
        assertThat(spec.getAttributes(5).getValue().getKvlistValue().getValues(0).getValue().getStringValue())
            .isEqualTo("some value");
        assertThat(backend.logRequests().get(2).getResourceLogs(0).getScopeLogs(0).getScope().getAttributes(0)
            .getKey()).isEqualTo("my.scope.attribute");
      }
    }
  }

  @Test
  void metricsAreFilteredByMetricAndDataPointAndForwarded() throws Exception {
    try (TempoStub backend = TempoStub.start()) {
      TestConfig config = new TestConfig()
          .otlpReceiver()
          .processor("filter", """
              metrics:
                metric:
                  - 'IsMatch(name, "^otel\\\\.")'
                datapoint:
                  - attributes["route"] == "/health" and metric.type == METRIC_DATA_TYPE_SUM
              """)
          .otlpExporter("otlp", backend)
          .pipeline("metrics", List.of("otlp"), List.of("filter"), List.of("otlp"));
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
          requests.add(9, Attributes.of(AttributeKey.stringKey("route"), "/health"));
          assertThat(meters.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
          // The export returned, so the relay accepted it (shutting the SDK down exports once more).
          Await.until(Duration.ofSeconds(10), "the export forwarded", () -> !backend.metricRequests().isEmpty());
        } finally {
          meters.shutdown().join(10, TimeUnit.SECONDS);
        }
        Await.until(Duration.ofSeconds(10), "the metric at the backend", () -> !backend.metricRequests().isEmpty());
        // The SDK's own otel.* metrics were filtered out, and so was the /health point: one metric, two points.
        var first = backend.metricRequests().get(0);
        assertThat(first.getResourceMetricsList().stream().flatMap(rm -> rm.getScopeMetricsList().stream())
            .flatMap(sm -> sm.getMetricsList().stream()).map(Metric::getName)).containsExactly("gateway.requests");
        Metric m = first.getResourceMetrics(0).getScopeMetrics(0).getMetrics(0);
        Map<String, Long> points = new TreeMap<>();
        for (NumberDataPoint p : m.getSum().getDataPointsList()) {
          points.put(p.getAttributes(0).getValue().getStringValue(), p.getAsInt());
        }
        assertThat(points).isEqualTo(Map.of("/chat", 3L, "/embed", 4L));
        assertThat(dev.relay.otlp.WireCounts.dataPoints(first)).isEqualTo(2);
        // Every accepted point is either dropped by the filter or at the backend (the SDK's own otel.* points and
        // the /health point are dropped; its shutdown exports once more).
        Await.until(Duration.ofSeconds(10), "accepted = dropped + delivered",
            () -> relay.counter("relay.receiver.accepted.metric.points")
                - relay.counter("relay.processor.filter.dropped.metric.points")
                == backend.metricRequests().stream().mapToInt(dev.relay.otlp.WireCounts::dataPoints).sum());
        assertThat(relay.counter("relay.processor.filter.dropped.metric.points")).isGreaterThanOrEqualTo(1);
      }
    }
  }
}
