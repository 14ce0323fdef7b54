package dev.relay.e2e;

import static dev.relay.testing.KeyValues.kv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.google.protobuf.MessageLite;
import dev.relay.otlp.OtlpGrpcMethods;
import dev.relay.testing.KeyValues;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestLogs;
import dev.relay.testing.TestRelay;
import dev.relay.testing.TestTraces;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code attributes} and {@code resource} processors with actions and matches from the Collector's READMEs, on
 * requests sent by a raw OTLP/gRPC client. The exporter has no queue, so a request is answered once the Tempo
 * stand-in holds it, and the attributes it received are checked exactly, in order.
 */
class AttributesProcessorsIT {
  private static final String NO_QUEUE = "sending_queue:\n  enabled: false\n";

  private TempoStub tempo;
  private TestRelay relay;
  private ManagedChannel client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.shutdownNow();
    }
    if (relay != null) {
      relay.close();
    }
    if (tempo != null) {
      tempo.close();
    }
  }

  private void start(String processorId, String settings, String... signals) throws Exception {
    tempo = TempoStub.start();
    TestConfig config = new TestConfig().otlpReceiver().processor(processorId, settings)
        .otlpExporter("otlp", tempo, NO_QUEUE);
    for (String signal : signals) {
      config.pipeline(signal, List.of("otlp"), List.of(processorId), List.of("otlp"));
    }
    relay = TestRelay.start(config);
    client = ManagedChannelBuilder.forAddress("127.0.0.1", relay.grpcPort("otlp")).usePlaintext().build();
  }

  private <R> void send(MethodDescriptor<byte[], R> method, MessageLite request) {
    ClientCalls.blockingUnaryCall(client, method, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
        request.toByteArray());
  }

  private void send(ExportTraceServiceRequest request) {
    send(OtlpGrpcMethods.TRACE_EXPORT, request);
  }

  /** Attributes as key to plain value (String, Long, Double, Boolean), in order. */
  private static Map<String, Object> attrs(List<KeyValue> kvs) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (KeyValue kv : kvs) {
      AnyValue v = kv.getValue();
      out.put(kv.getKey(), switch (v.getValueCase()) {
        case STRING_VALUE -> v.getStringValue();
        case INT_VALUE -> v.getIntValue();
        case DOUBLE_VALUE -> v.getDoubleValue();
        case BOOL_VALUE -> v.getBoolValue();
        default -> v;
      });
    }
    return out;
  }

  private Map<String, Object> spanAttrs(String name) {
    return attrs(tempo.spans().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow()
        .getAttributesList());
  }

  private static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void everyActionOnSpanAttributes() throws Exception {
    start("attributes/example", """
        actions:
          - key: db.table
            action: delete
          - key: redacted_span
            value: true
            action: upsert
          - key: copy_key
            from_attribute: key_original
            action: update
          - key: account_id
            value: 2245
            action: insert
          - key: account_password
            action: delete
          - key: account_email
            action: hash
          - key: http.status_code
            action: convert
            converted_type: int
          - key: region
            from_attribute: cloud.region
            default_value: "us-east-1"
            action: insert
          - key: tenant_id
            from_context: "metadata.tenant"
            default_value: "default-tenant"
            action: upsert
          - key: http.url
            pattern: ^(?P<http_protocol>.*):\\/\\/(?P<http_domain>.*)\\/(?P<http_path>.*)
            action: extract
          - pattern: ^secret\\.
            action: delete
          - key: ratio
            action: convert
            converted_type: string
        """, "traces");
    send(TestTraces.request(
        TestTraces.span("a").addAllAttributes(KeyValues.of("db.table", "users", "copy_key", "old",
            "key_original", "orig", "account_id", 1, "account_password", "pw", "account_email", "a@b.c",
            "http.status_code", "200", "http.url", "https://example.com/v1/x", "secret.token", "t",
            "secret.key", "k", "ratio", 0.5, "keep", "k")),
        TestTraces.span("b")));

    assertThat(spanAttrs("a")).containsExactly(
        entry("copy_key", "orig"), entry("key_original", "orig"), entry("account_id", 1L),
        entry("account_email", sha256("a@b.c")), entry("http.status_code", 200L),
        entry("http.url", "https://example.com/v1/x"), entry("ratio", "0.5"), entry("keep", "k"),
        entry("redacted_span", true), entry("region", "us-east-1"), entry("tenant_id", "default-tenant"),
        entry("http_protocol", "https"), entry("http_domain", "example.com/v1"), entry("http_path", "x"));
    assertThat(spanAttrs("b")).containsExactly(entry("redacted_span", true), entry("account_id", 2245L),
        entry("region", "us-east-1"), entry("tenant_id", "default-tenant"));
  }

  @Test
  void includeAndExcludeByServiceNameAndAttribute() throws Exception {
    start("attributes", """
        actions:
          - {key: touched, value: "yes", action: insert}
        include:
          match_type: strict
          services: [shop]
          span_names: [checkout, pay]
        exclude:
          match_type: regexp
          attributes:
            - {key: user, value: "^test-"}
        """, "traces");
    send(TestTraces.request(
        TestTraces.resource(KeyValues.of("service.name", "shop"), TestTraces.scope(
            TestTraces.span("checkout").addAttributes(kv("user", "alice")),
            TestTraces.span("pay").addAttributes(kv("user", "test-1")),
            TestTraces.span("browse"))),
        TestTraces.resource(KeyValues.of("service.name", "other"), TestTraces.scope(
            TestTraces.span("checkout").addAttributes(kv("user", "bob")))),
        TestTraces.resource(TestTraces.scope(TestTraces.span("checkout")))));

    var requests = tempo.requests();
    assertThat(requests).hasSize(1);
    var shop = requests.get(0).getResourceSpans(0).getScopeSpans(0).getSpansList();
    assertThat(shop).extracting(s -> attrs(s.getAttributesList())).containsExactly(
        Map.of("user", "alice", "touched", "yes"), Map.of("user", "test-1"), Map.of());
    assertThat(attrs(requests.get(0).getResourceSpans(1).getScopeSpans(0).getSpans(0).getAttributesList()))
        .containsExactly(entry("user", "bob"));
    assertThat(requests.get(0).getResourceSpans(2).getScopeSpans(0).getSpans(0).getAttributesList()).isEmpty();
  }

  @Test
  void includeByLibraryResourceKindAndTypedAttributeValue() throws Exception {
    start("attributes", """
        actions:
          - {key: touched, value: 1, action: upsert}
        include:
          match_type: strict
          libraries: [{name: lib-a, version: "1.0"}]
          resources: [{key: env, value: prod}]
          span_kinds: [SPAN_KIND_SERVER]
          attributes: [{key: retries, value: 3}]
        """, "traces");
    Span.Builder matching = TestTraces.span("match").setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .addAttributes(kv("retries", 3));
    ScopeSpans lib10 = ScopeSpans.newBuilder()
        .setScope(InstrumentationScope.newBuilder().setName("lib-a").setVersion("1.0"))
        .addSpans(matching)
        .addSpans(TestTraces.span("string-value").setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .addAttributes(kv("retries", "3")))
        .addSpans(TestTraces.span("client").setKind(Span.SpanKind.SPAN_KIND_CLIENT).addAttributes(kv("retries", 3)))
        .build();
    ScopeSpans lib20 = ScopeSpans.newBuilder()
        .setScope(InstrumentationScope.newBuilder().setName("lib-a").setVersion("2.0"))
        .addSpans(TestTraces.span("version").setKind(Span.SpanKind.SPAN_KIND_SERVER).addAttributes(kv("retries", 3)))
        .build();
    send(TestTraces.request(
        TestTraces.resource(KeyValues.of("env", "prod"), lib10, lib20),
        TestTraces.resource(KeyValues.of("env", "dev"), lib10)));

    assertThat(tempo.spans()).extracting(s -> s.getName() + attrs(s.getAttributesList())).containsExactly(
        "match{retries=3, touched=1}", "string-value{retries=3}", "client{retries=3}", "version{retries=3}",
        "match{retries=3}", "string-value{retries=3}", "client{retries=3}");
  }

  @Test
  void aBatchNothingChangedInGoesOnAsItCame() throws Exception {
    start("attributes", """
        actions:
          - {key: x, action: delete}
        """, "traces");
    ExportTraceServiceRequest request = TestTraces.request(
        TestTraces.span("a").addAllAttributes(KeyValues.of("keep", "k", "n", 1)));
    send(request);
    assertThat(tempo.rawRequests()).hasSize(1);
    assertThat(tempo.rawRequests().get(0)).isEqualTo(request.toByteArray());
  }

  @Test
  void resourceActionsOnTracesAndLogs() throws Exception {
    start("resource", """
        attributes:
          - key: cloud.availability_zone
            value: "zone-1"
            action: upsert
          - key: k8s.cluster.name
            from_attribute: k8s-cluster
            action: insert
          - key: redundant-attribute
            action: delete
          - key: host.id
            action: hash
        """, "traces", "logs");
    List<KeyValue> resource = KeyValues.of("service.name", "shop", "k8s-cluster", "c1", "redundant-attribute", "x",
        "host.id", "h1");
    send(TestTraces.request(TestTraces.resource(resource, TestTraces.scope("s",
        TestTraces.span("a").addAttributes(kv("redundant-attribute", "stays"))))));
    send(OtlpGrpcMethods.LOGS_EXPORT, TestLogs.request(TestLogs.resource(resource, TestLogs.scope("s",
        TestLogs.record("e", kv("redundant-attribute", "stays"))))));

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("service.name", "shop");
    expected.put("k8s-cluster", "c1");
    expected.put("host.id", sha256("h1"));
    expected.put("cloud.availability_zone", "zone-1");
    expected.put("k8s.cluster.name", "c1");
    assertThat(attrs(tempo.requests().get(0).getResourceSpans(0).getResource().getAttributesList()))
        .containsExactlyEntriesOf(expected);
    assertThat(attrs(tempo.spans().get(0).getAttributesList())).containsExactly(entry("redundant-attribute", "stays"));
    assertThat(attrs(tempo.logRequests().get(0).getResourceLogs(0).getResource().getAttributesList()))
        .containsExactlyEntriesOf(expected);
    assertThat(attrs(tempo.logRecords().get(0).getAttributesList()))
        .containsExactly(entry("redundant-attribute", "stays"));
  }

  @Test
  void logRecordsSelectedByBodyAndSeverity() throws Exception {
    start("attributes/logs", """
        actions:
          - {key: alert, value: true, action: insert}
          - {key: user.email, action: hash}
        include:
          match_type: regexp
          log_bodies: ["^disk"]
          log_severity_number: {min: 13}
        exclude:
          match_type: strict
          resources: [{key: env, value: test}]
        """, "logs");
    send(OtlpGrpcMethods.LOGS_EXPORT, TestLogs.request(
        TestLogs.resource(KeyValues.of("env", "prod"), TestLogs.scope(
            record("disk full", 17),
            record("disk ok", 9),
            record("cpu hot", 17),
            record("disk unknown", 0))),
        TestLogs.resource(KeyValues.of("env", "test"), TestLogs.scope(record("disk full", 17)))));

    assertThat(tempo.logRecords()).extracting(r -> r.getBody().getStringValue() + attrs(r.getAttributesList()))
        .containsExactly(
            "disk full{user.email=" + sha256("a@b.c") + ", alert=true}",
            "disk ok{user.email=a@b.c}",
            "cpu hot{user.email=a@b.c}",
            "disk unknown{user.email=a@b.c}",
            "disk full{user.email=a@b.c}");
  }

  private static LogRecord.Builder record(String body, int severity) {
    return LogRecord.newBuilder().setBody(AnyValue.newBuilder().setStringValue(body)).setSeverityNumberValue(severity)
        .addAttributes(kv("user.email", "a@b.c"));
  }
}
