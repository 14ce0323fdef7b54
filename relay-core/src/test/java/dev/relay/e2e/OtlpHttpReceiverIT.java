package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.relay.testing.Await;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRelay;
import dev.relay.testing.TestTraces;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The OTLP/HTTP receiver against the real OpenTelemetry SDK's HTTP exporter and a plain HTTP client: protobuf and
 * JSON bodies reach the Tempo stand-in exactly, and bad input gets the spec's status codes.
 */
class OtlpHttpReceiverIT {
  private static final int LIMIT = 1024 * 1024;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private TempoStub tempo;
  private TestRelay relay;

  @AfterEach
  void stop() {
    if (relay != null) {
      relay.close();
    }
    if (tempo != null) {
      tempo.close();
    }
  }

  private void startRelay(String httpExtra, String exporterExtra) throws Exception {
    tempo = TempoStub.start();
    relay = TestRelay.start(new TestConfig()
        .receiver("otlp", """
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
              http:
                endpoint: 127.0.0.1:0
                max_request_body_size: %d
            """.formatted(LIMIT) + TestConfig.indent(httpExtra, 4))
        .otlpExporter("otlp/tempo", tempo, "compression: none\n" + exporterExtra)
        .pipeline("traces", List.of("otlp"), List.of("otlp/tempo")));
  }

  private String url(String path) {
    return "http://127.0.0.1:" + relay.httpPort("otlp") + path;
  }

  private HttpResponse<byte[]> post(String path, String contentType, byte[] body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
        .timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] request(String... spanNames) {
    return TestTraces.request(Arrays.stream(spanNames).map(TestTraces::spanWithIds).toArray(Span.Builder[]::new))
        .toByteArray();
  }

  private static byte[] gzip(byte[] data) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(data);
    }
    return out.toByteArray();
  }

  private static com.google.rpc.Status status(HttpResponse<byte[]> res) throws Exception {
    assertThat(res.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
    return com.google.rpc.Status.parseFrom(res.body());
  }

  private static String text(HttpResponse<byte[]> res) {
    return new String(res.body(), StandardCharsets.UTF_8);
  }

  /** Ends spans in a real SDK and keeps their SpanData, so the same data can be exported twice. */
  private static List<SpanData> sdkSpans() {
    List<SpanData> spans = new ArrayList<>();
    SpanExporter keep = new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> batch) {
        spans.addAll(batch);
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(io.opentelemetry.sdk.resources.Resource.create(
            Attributes.of(AttributeKey.stringKey("service.name"), "http-test")))
        .addSpanProcessor(SimpleSpanProcessor.create(keep))
        .build();
    var tracer = provider.get("relay-http-test");
    var parent = tracer.spanBuilder("checkout").setSpanKind(SpanKind.SERVER)
        .setAttribute("http.request.method", "POST").setAttribute("items", 3L).startSpan();
    parent.addEvent("gateway.request_received", Attributes.of(AttributeKey.stringKey("model"), "m"));
    try (var scope = parent.makeCurrent()) {
      tracer.spanBuilder("charge").setAttribute("amount", 12.5).startSpan().end();
    }
    parent.end();
    provider.shutdown().join(5, TimeUnit.SECONDS);
    assertThat(spans).hasSize(2);
    return spans;
  }

  private static byte[] sdkWireBytes(List<SpanData> spans) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TraceRequestMarshaler.create(spans).writeBinaryTo(out);
    return out.toByteArray();
  }

  @Test
  void sdkOverHttpProtobufForwardsTheSdksBytesUntouched() throws Exception {
    startRelay("", "");
    List<SpanData> spans = sdkSpans();
    OtlpHttpSpanExporter httpExporter = OtlpHttpSpanExporter.builder()
        .setEndpoint(url("/v1/traces")).setTimeout(Duration.ofSeconds(10)).build();
    OtlpGrpcSpanExporter grpcExporter = OtlpGrpcSpanExporter.builder()
        .setEndpoint("http://127.0.0.1:" + relay.grpcPort("otlp")).setTimeout(Duration.ofSeconds(10)).build();
    try {
      assertThat(httpExporter.export(spans).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
      Await.until(Duration.ofSeconds(10), "the HTTP request at Tempo", () -> tempo.rawRequests().size() == 1);
      assertThat(grpcExporter.export(spans).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
      Await.until(Duration.ofSeconds(10), "the gRPC request at Tempo", () -> tempo.rawRequests().size() == 2);
    } finally {
      httpExporter.shutdown().join(5, TimeUnit.SECONDS);
      grpcExporter.shutdown().join(5, TimeUnit.SECONDS);
    }
    byte[] sent = sdkWireBytes(spans);
    assertThat(tempo.rawRequests().get(0)).as("bytes forwarded from OTLP/HTTP").isEqualTo(sent);
    assertThat(tempo.rawRequests().get(1)).as("bytes forwarded from OTLP/gRPC").isEqualTo(sent);

    ResourceSpans rs = tempo.requests().get(0).getResourceSpans(0);
    assertThat(rs.getResource().getAttributesList())
        .contains(KeyValue.newBuilder().setKey("service.name")
            .setValue(AnyValue.newBuilder().setStringValue("http-test")).build());
    List<Span> atTempo = rs.getScopeSpans(0).getSpansList();
    assertThat(rs.getScopeSpans(0).getScope().getName()).isEqualTo("relay-http-test");
    assertThat(atTempo).extracting(Span::getName).containsExactlyInAnyOrder("checkout", "charge");
    Span checkout = atTempo.stream().filter(s -> s.getName().equals("checkout")).findFirst().orElseThrow();
    Span charge = atTempo.stream().filter(s -> s.getName().equals("charge")).findFirst().orElseThrow();
    assertThat(checkout.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(checkout.getAttributesList()).containsExactlyInAnyOrder(
        KeyValue.newBuilder().setKey("http.request.method").setValue(AnyValue.newBuilder().setStringValue("POST"))
            .build(),
        KeyValue.newBuilder().setKey("items").setValue(AnyValue.newBuilder().setIntValue(3)).build());
    assertThat(checkout.getEventsList()).extracting(Span.Event::getName).containsExactly("gateway.request_received");
    assertThat(charge.getAttributesList()).containsExactly(
        KeyValue.newBuilder().setKey("amount").setValue(AnyValue.newBuilder().setDoubleValue(12.5)).build());
    assertThat(charge.getParentSpanId()).isEqualTo(checkout.getSpanId());
    assertThat(relay.counter("relay.receiver.accepted.spans", "transport", "http")).isEqualTo(2);
    assertThat(relay.counter("relay.receiver.accepted.spans", "transport", "grpc")).isEqualTo(2);
  }

  @Test
  void sdkWithGzipCompression() throws Exception {
    startRelay("", "");
    OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
        .setEndpoint(url("/v1/traces")).setCompression("gzip").setTimeout(Duration.ofSeconds(10)).build();
    try {
      List<SpanData> spans = sdkSpans();
      assertThat(exporter.export(spans).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
      Await.until(Duration.ofSeconds(10), "the request at Tempo", () -> tempo.rawRequests().size() == 1);
      assertThat(tempo.rawRequests().get(0)).isEqualTo(sdkWireBytes(spans));
    } finally {
      exporter.shutdown().join(5, TimeUnit.SECONDS);
    }
  }

  private static final String JSON_CAMEL = """
      {"resourceSpans": [{
        "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "json-svc"}}]},
        "scopeSpans": [{
          "scope": {"name": "manual", "version": "1.0"},
          "spans": [{
            "traceId": "5B8EFFF798038103D269B633813FC60C",
            "spanId": "eee19b7ec3c1b174",
            "parentSpanId": "eee19b7ec3c1b173",
            "name": "I'm a server span \\u00e9",
            "startTimeUnixNano": "1544712660000000000",
            "endTimeUnixNano": 1544712661000000000,
            "kind": 2,
            "droppedAttributesCount": 3,
            "attributes": [
              {"key": "big", "value": {"intValue": "9007199254740993"}},
              {"key": "ratio", "value": {"doubleValue": 0.5}},
              {"key": "ok", "value": {"boolValue": true}},
              {"key": "raw", "value": {"bytesValue": "AQID"}},
              {"key": "list", "value": {"arrayValue": {"values": [{"stringValue": "a"}, {"intValue": 1}]}}}
            ],
            "events": [{"timeUnixNano": "1544712660500000000", "name": "gateway.request_received",
                        "attributes": [{"key": "model", "value": {"stringValue": "m"}}]}],
            "links": [{"traceId": "0102030405060708090a0b0c0d0e0f10", "spanId": "0102030405060708"}],
            "status": {"code": 2, "message": "boom"},
            "someFutureField": {"x": [1, 2.5e3, {"y": null}, "z", true]}
          }]
        }]
      }]}
      """;

  private static String snakeCase(String json) {
    return json.replace("resourceSpans", "resource_spans").replace("scopeSpans", "scope_spans")
        .replace("stringValue", "string_value").replace("intValue", "int_value")
        .replace("traceId", "trace_id").replace("parentSpanId", "parent_span_id").replace("spanId", "span_id")
        .replace("startTimeUnixNano", "start_time_unix_nano").replace("endTimeUnixNano", "end_time_unix_nano")
        .replace("timeUnixNano", "time_unix_nano").replace("droppedAttributesCount", "dropped_attributes_count")
        .replace("doubleValue", "double_value").replace("boolValue", "bool_value")
        .replace("bytesValue", "bytes_value").replace("arrayValue", "array_value");
  }

  private static ExportTraceServiceRequest expectedFromJson() {
    HexFormat hex = HexFormat.of();
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(kv("service.name", str("json-svc"))))
        .addScopeSpans(ScopeSpans.newBuilder()
            .setScope(InstrumentationScope.newBuilder().setName("manual").setVersion("1.0"))
            .addSpans(Span.newBuilder()
                .setTraceId(ByteString.copyFrom(hex.parseHex("5b8efff798038103d269b633813fc60c")))
                .setSpanId(ByteString.copyFrom(hex.parseHex("eee19b7ec3c1b174")))
                .setParentSpanId(ByteString.copyFrom(hex.parseHex("eee19b7ec3c1b173")))
                .setName("I'm a server span é")
                .setStartTimeUnixNano(1544712660000000000L)
                .setEndTimeUnixNano(1544712661000000000L)
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setDroppedAttributesCount(3)
                .addAttributes(kv("big", AnyValue.newBuilder().setIntValue(9007199254740993L).build()))
                .addAttributes(kv("ratio", AnyValue.newBuilder().setDoubleValue(0.5).build()))
                .addAttributes(kv("ok", AnyValue.newBuilder().setBoolValue(true).build()))
                .addAttributes(kv("raw", AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {1, 2, 3}))
                    .build()))
                .addAttributes(kv("list", AnyValue.newBuilder().setArrayValue(
                    io.opentelemetry.proto.common.v1.ArrayValue.newBuilder().addValues(str("a"))
                        .addValues(AnyValue.newBuilder().setIntValue(1))).build()))
                .addEvents(Span.Event.newBuilder().setTimeUnixNano(1544712660500000000L)
                    .setName("gateway.request_received").addAttributes(kv("model", str("m"))))
                .addLinks(Span.Link.newBuilder()
                    .setTraceId(ByteString.copyFrom(hex.parseHex("0102030405060708090a0b0c0d0e0f10")))
                    .setSpanId(ByteString.copyFrom(hex.parseHex("0102030405060708"))))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom")))))
        .build();
  }

  private static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  private static AnyValue str(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  @Test
  void jsonBodyWithHexIdsCamelAndSnakeCaseReachesTempoExactly() throws Exception {
    startRelay("", "");
    HttpResponse<byte[]> res = post("/v1/traces", "application/json", JSON_CAMEL.getBytes(StandardCharsets.UTF_8));
    assertThat(res.statusCode()).as(text(res)).isEqualTo(200);
    assertThat(res.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(text(res)).isEqualTo("{}");
    Await.until(Duration.ofSeconds(10), "the JSON request at Tempo", () -> tempo.requests().size() == 1);
    assertThat(tempo.requests().get(0)).isEqualTo(expectedFromJson());

    res = post("/v1/traces", "application/json; charset=utf-8",
        gzip(snakeCase(JSON_CAMEL).getBytes(StandardCharsets.UTF_8)), "Content-Encoding", "gzip");
    assertThat(res.statusCode()).as(text(res)).isEqualTo(200);
    Await.until(Duration.ofSeconds(10), "the snake_case request at Tempo", () -> tempo.requests().size() == 2);
    assertThat(tempo.requests().get(1)).isEqualTo(expectedFromJson());
    assertThat(relay.counter("relay.receiver.accepted.spans", "transport", "http")).isEqualTo(2);
  }

  @Test
  void badJsonIs400WithAJsonStatus() throws Exception {
    startRelay("", "");
    String[] bodies = {
        "{\"resourceSpans\": [",
        "",
        "[]",
        "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"traceId\": \"xyz\"}]}]}]}",
        "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"traceId\": \"0102\"}]}]}]}",
        "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"startTimeUnixNano\": \"soon\"}]}]}]}",
        "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"kind\": \"SPAN_KIND_WHATEVER\"}]}]}]}",
        "{\"resourceSpans\": {}}",
        "{\"a\": " + "[".repeat(5000) + "]".repeat(5000) + "}",
        "{\"resourceSpans\": []} trailing",
    };
    for (String body : bodies) {
      HttpResponse<byte[]> res = post("/v1/traces", "application/json", body.getBytes(StandardCharsets.UTF_8));
      assertThat(res.statusCode()).as("status for %s: %s", body, text(res)).isEqualTo(400);
      assertThat(res.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(text(res)).as(body).matches("\\{\"code\":3,\"message\":\"malformed .*\"\\}");
    }
    assertThat(text(post("/v1/traces", "application/json", bodies[3].getBytes(StandardCharsets.UTF_8))))
        .contains("traceId must be hex digits");
    assertThat(text(post("/v1/traces", "application/json", bodies[4].getBytes(StandardCharsets.UTF_8))))
        .contains("a 2-byte id where 16 bytes are required");
    assertThat(tempo.calls()).isZero();
    assertThat(post("/v1/traces", "application/json", "{}".getBytes(StandardCharsets.UTF_8)).statusCode())
        .isEqualTo(200);
  }

  @Test
  void badInputGetsTheSpecsStatusCodesAndTheRelayKeepsServing() throws Exception {
    startRelay("", "");
    // malformed protobuf: 400 with a google.rpc.Status in protobuf
    HttpResponse<byte[]> res = post("/v1/traces", "application/x-protobuf", new byte[] {0x0a, 0x05, 0x01, 0x02});
    assertThat(res.statusCode()).isEqualTo(400);
    com.google.rpc.Status st = status(res);
    assertThat(st.getCode()).isEqualTo(com.google.rpc.Code.INVALID_ARGUMENT_VALUE);
    assertThat(st.getMessage()).startsWith("malformed ExportTraceServiceRequest: ");

    // a gzip body that is not gzip
    res = post("/v1/traces", "application/x-protobuf", request("x"), "Content-Encoding", "gzip");
    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(status(res).getMessage()).startsWith("malformed gzip body");

    // a truncated gzip body
    byte[] gz = gzip(request("truncated"));
    res = post("/v1/traces", "application/x-protobuf", java.util.Arrays.copyOf(gz, gz.length - 6),
        "Content-Encoding", "gzip");
    assertThat(res.statusCode()).isEqualTo(400);

    // an unknown encoding
    res = post("/v1/traces", "application/x-protobuf", request("x"), "Content-Encoding", "br");
    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(status(res).getMessage()).isEqualTo("unsupported Content-Encoding 'br'; use gzip or none");

    // a gzip bomb: 64 KiB on the wire, 64 MiB inflated, limit 1 MiB
    byte[] bomb = gzip(new byte[64 * 1024 * 1024]);
    assertThat(bomb.length).isLessThan(LIMIT);
    res = post("/v1/traces", "application/x-protobuf", bomb, "Content-Encoding", "gzip");
    assertThat(res.statusCode()).isEqualTo(413);
    assertThat(status(res).getCode()).isEqualTo(com.google.rpc.Code.RESOURCE_EXHAUSTED_VALUE);
    assertThat(status(res).getMessage())
        .isEqualTo("the body after gunzip is larger than max_request_body_size (1048576 bytes)");

    // wrong content type
    res = post("/v1/traces", "text/plain", request("x"));
    assertThat(res.statusCode()).isEqualTo(415);
    assertThat(text(res)).isEqualTo(
        "unsupported Content-Type 'text/plain'; use application/x-protobuf or application/json\n");

    // wrong method
    res = http.send(HttpRequest.newBuilder(URI.create(url("/v1/traces"))).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(res.statusCode()).isEqualTo(405);
    assertThat(res.headers().firstValue("Allow")).hasValue("POST");

    // unknown path, and a signal no pipeline carries
    res = post("/v1/trace", "application/x-protobuf", request("x"));
    assertThat(res.statusCode()).isEqualTo(404);
    assertThat(status(res).getMessage()).isEqualTo("no such path: /v1/trace (OTLP/HTTP serves /v1/traces)");
    res = post("/v1/logs", "application/json", "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(res.statusCode()).isEqualTo(404);
    assertThat(text(res)).isEqualTo("{\"code\":5,\"message\":\"/v1/logs is for logs, and no logs pipeline uses"
        + " receiver otlp (this receiver serves /v1/traces)\"}");
    assertThat(post("/v1/metrics", "application/x-protobuf", new byte[0]).statusCode()).isEqualTo(404);

    // an empty request is a success, as the spec says
    res = post("/v1/traces", "application/x-protobuf", new byte[0]);
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).isEmpty();

    // a valid gzip request after all that
    res = post("/v1/traces", "application/x-protobuf", gzip(request("after-bad-input")), "Content-Encoding", "gzip");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
    Await.until(Duration.ofSeconds(10), "the valid span at Tempo", () -> tempo.spanCount() == 1);
    assertThat(tempo.spans().get(0).getName()).isEqualTo("after-bad-input");
    assertThat(relay.counter("relay.receiver.refused.requests", "transport", "http")).isEqualTo(10);
  }

  /** Sends raw HTTP/1.1 and returns one response (head and Content-Length body) as text. */
  private String raw(String head, byte[] body) throws Exception {
    try (Socket s = new Socket("127.0.0.1", relay.httpPort("otlp"))) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      return readResponse(s.getInputStream());
    }
  }

  private static String readResponse(InputStream in) throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    while (!buf.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      buf.write(b);
    }
    String headText = buf.toString(StandardCharsets.ISO_8859_1);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(headText);
    int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
    buf.write(in.readNBytes(length));
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void tooLargeBodiesAre413WhetherDeclaredOrChunked() throws Exception {
    startRelay("", "");
    String response = raw("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\n"
        + "Content-Length: " + (LIMIT + 1) + "\r\n\r\n", new byte[0]);
    assertThat(response).startsWith("HTTP/1.1 413 Request Entity Too Large\r\n")
        .contains("the body (1048577 bytes) is larger than max_request_body_size (1048576 bytes)");

    ByteArrayOutputStream chunks = new ByteArrayOutputStream();
    byte[] chunk = new byte[64 * 1024];
    for (int sent = 0; sent <= LIMIT; sent += chunk.length) {
      chunks.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      chunks.write(chunk);
      chunks.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    response = raw("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n", chunks.toByteArray());
    assertThat(response).startsWith("HTTP/1.1 413 Request Entity Too Large\r\n")
        .endsWith("{\"code\":8,\"message\":\"the body is larger than max_request_body_size (1048576 bytes)\"}");

    // A client that sends its whole (too large) body still reads the answer: the relay drains up to 1 MiB more.
    HttpResponse<byte[]> res = post("/v1/traces", "application/x-protobuf", new byte[LIMIT + 100 * 1024]);
    assertThat(res.statusCode()).isEqualTo(413);
    assertThat(status(res).getMessage())
        .isEqualTo("the body (1150976 bytes) is larger than max_request_body_size (1048576 bytes)");
    res = post("/v1/traces", "text/plain", new byte[200 * 1024]);
    assertThat(res.statusCode()).isEqualTo(415);

    res = post("/v1/traces", "application/x-protobuf", request("after-large"));
    assertThat(res.statusCode()).isEqualTo(200);
    Await.until(Duration.ofSeconds(10), "the valid span at Tempo", () -> tempo.spanCount() == 1);
  }

  @Test
  void aClientThatNeverFinishesItsBodyGets408AndOthersAreServed() throws Exception {
    startRelay("read_timeout: 300ms", "");
    try (Socket slow = new Socket("127.0.0.1", relay.httpPort("otlp"))) {
      slow.setSoTimeout(10_000);
      slow.getOutputStream().write(("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\n"
          + "Content-Length: 100\r\n\r\n0123456789").getBytes(StandardCharsets.US_ASCII));
      slow.getOutputStream().flush();
      // While the slow client holds its request open, another client is served.
      HttpResponse<byte[]> res = post("/v1/traces", "application/x-protobuf", request("meanwhile"));
      assertThat(res.statusCode()).isEqualTo(200);
      String response = new String(slow.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // closed by the relay
      assertThat(response).startsWith("HTTP/1.1 408 Request Timeout\r\n")
          .contains("the request body did not arrive within 300 ms");
    }
    Await.until(Duration.ofSeconds(10), "the other client's span", () -> tempo.spanCount() == 1);
  }

  @Test
  void fullQueueIs503WithRetryAfterAndNothingIsLost() throws Exception {
    startRelay("", """
        timeout: 30s
        sending_queue:
          queue_size: 2
          num_consumers: 1
        """);
    tempo.hold();
    assertThat(post("/v1/traces", "application/x-protobuf", request("a")).statusCode()).isEqualTo(200);
    Await.until(Duration.ofSeconds(10), "the first request held at Tempo", () -> tempo.calls() == 1);
    assertThat(post("/v1/traces", "application/x-protobuf", request("b")).statusCode()).isEqualTo(200);
    assertThat(post("/v1/traces", "application/json", "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":\"c\"}]}]}]}"
        .getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);

    HttpResponse<byte[]> res = post("/v1/traces", "application/x-protobuf", request("d1", "d2"));
    assertThat(res.statusCode()).isEqualTo(503);
    assertThat(res.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(status(res).getCode()).isEqualTo(com.google.rpc.Code.UNAVAILABLE_VALUE);
    res = post("/v1/traces", "application/json", "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":\"e\"}]}]}]}"
        .getBytes(StandardCharsets.UTF_8));
    assertThat(res.statusCode()).isEqualTo(503);
    assertThat(res.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(text(res)).startsWith("{\"code\":14,\"message\":");
    assertThat(relay.counter("relay.receiver.refused.spans", "transport", "http")).isEqualTo(3);
    assertThat(relay.counter("relay.receiver.accepted.spans", "transport", "http")).isEqualTo(3);
    assertThat(relay.counter("relay.receiver.refused.requests", "transport", "http")).isZero();

    tempo.release();
    Await.until(Duration.ofSeconds(10), "3 spans at Tempo", () -> tempo.spanCount() == 3);
    assertThat(tempo.spans()).extracting(Span::getName).containsExactlyInAnyOrder("a", "b", "c");
  }

  private HttpResponse<byte[]> options(String origin, String method, String headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url("/v1/traces")))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin).header("Access-Control-Request-Method", method);
    if (headers != null) {
      b.header("Access-Control-Request-Headers", headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void corsPreflightAndOrigins() throws Exception {
    startRelay("""
        cors:
          allowed_origins: [https://app.example.com, "https://*.example.org"]
          allowed_headers: [X-Custom]
          max_age: 600
        """, "");
    HttpResponse<byte[]> res = options("https://shop.example.org", "POST", "content-type, x-custom");
    assertThat(res.statusCode()).isEqualTo(204);
    assertThat(res.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://shop.example.org");
    assertThat(res.headers().firstValue("Access-Control-Allow-Methods")).hasValue("POST");
    assertThat(res.headers().firstValue("Access-Control-Allow-Headers")).hasValue("content-type, x-custom");
    assertThat(res.headers().firstValue("Access-Control-Max-Age")).hasValue("600");

    res = options("https://app.example.com", "POST", null);
    assertThat(res.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");

    for (HttpResponse<byte[]> denied : List.of(
        options("https://evil.example.com", "POST", "content-type"),
        options("https://example.org", "POST", null),
        options("https://app.example.com", "POST", "x-not-allowed"),
        options("https://app.example.com", "DELETE", null))) {
      assertThat(denied.statusCode()).isEqualTo(204);
      assertThat(denied.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    res = post("/v1/traces", "application/json", "{}".getBytes(StandardCharsets.UTF_8),
        "Origin", "https://app.example.com");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
    assertThat(res.headers().allValues("Vary")).contains("Origin");

    res = post("/v1/traces", "application/json", "{}".getBytes(StandardCharsets.UTF_8),
        "Origin", "https://evil.example.com");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void withoutCorsOptionsIsMethodNotAllowed() throws Exception {
    startRelay("", "");
    HttpResponse<byte[]> res = options("https://app.example.com", "POST", null);
    assertThat(res.statusCode()).isEqualTo(405);
    assertThat(res.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void customTracesPathAndHttpOnly() throws Exception {
    tempo = TempoStub.start();
    relay = TestRelay.start(new TestConfig()
        .receiver("otlp/web", """
            protocols:
              http:
                endpoint: 127.0.0.1:0
                traces_url_path: browser/traces
            """)
        .otlpExporter("otlp", tempo)
        .pipeline("traces", List.of("otlp/web"), List.of("otlp")));
    String base = "http://127.0.0.1:" + relay.httpPort("otlp/web");
    HttpResponse<byte[]> res = http.send(HttpRequest.newBuilder(URI.create(base + "/browser/traces"))
        .header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(request("custom-path"))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(res.statusCode()).isEqualTo(200);
    Await.until(Duration.ofSeconds(10), "the span at Tempo", () -> tempo.spanCount() == 1);
    res = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/traces"))
        .header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(request("x"))).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(res.statusCode()).isEqualTo(404);
    assertThat(relay.graph().states()).containsEntry("receiver/otlp/web", "listening");
  }
}
