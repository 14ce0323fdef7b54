package dev.relay.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OtlpJsonTest {
  private static Span span(String spanJson) throws OtlpJsonException {
    String json = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[" + spanJson + "]}]}]}";
    return OtlpJson.merge(json.getBytes(StandardCharsets.UTF_8), ExportTraceServiceRequest.newBuilder()).build()
        .getResourceSpans(0).getScopeSpans(0).getSpans(0);
  }

  private static AnyValue attr(String valueJson) throws OtlpJsonException {
    return span("{\"attributes\":[{\"key\":\"k\",\"value\":" + valueJson + "}]}").getAttributes(0).getValue();
  }

  @Test
  void enumsAsIntegersOrNames() throws Exception {
    assertThat(span("{\"kind\": 3}").getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(span("{\"kind\": \"SPAN_KIND_PRODUCER\"}").getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_PRODUCER);
    assertThat(span("{\"kind\": 42}").getKindValue()).isEqualTo(42);
  }

  @Test
  void numbersAsTheMappingAllows() throws Exception {
    assertThat(span("{\"startTimeUnixNano\": \"18446744073709551615\"}").getStartTimeUnixNano()).isEqualTo(-1L);
    assertThat(span("{\"endTimeUnixNano\": 1e3}").getEndTimeUnixNano()).isEqualTo(1000L);
    assertThat(span("{\"droppedEventsCount\": \"7\"}").getDroppedEventsCount()).isEqualTo(7);
    assertThat(attr("{\"intValue\": \"-9223372036854775808\"}").getIntValue()).isEqualTo(Long.MIN_VALUE);
    assertThat(attr("{\"doubleValue\": \"NaN\"}").getDoubleValue()).isNaN();
    assertThat(attr("{\"doubleValue\": \"-Infinity\"}").getDoubleValue()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(attr("{\"doubleValue\": 1.5e-3}").getDoubleValue()).isEqualTo(0.0015);
    assertThatThrownBy(() -> span("{\"startTimeUnixNano\": \"18446744073709551616\"}"))
        .hasMessageContaining("startTimeUnixNano is out of range");
    assertThatThrownBy(() -> span("{\"startTimeUnixNano\": -1}")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> span("{\"droppedEventsCount\": 1.5}")).hasMessageContaining("must be a whole number");
    assertThatThrownBy(() -> span("{\"endTimeUnixNano\": 1e999999999}")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> span("{\"endTimeUnixNano\": 1e-999999999}")).hasMessageContaining("whole number");
    assertThatThrownBy(() -> span("{\"endTimeUnixNano\": 0x10}")).isInstanceOf(OtlpJsonException.class);
  }

  @Test
  void stringsWithEscapesNullsAndUnknownKeys() throws Exception {
    Span s = span("{\"name\": \"a\\\"b\\\\c\\u00e9\\ud83d\\ude00\\n\", \"status\": null, \"x\": {\"y\": [null, "
        + "{\"z\": -0.5e+2}]}, \"traceState\": \"k=v\"}");
    assertThat(s.getName()).isEqualTo("a\"b\\cé😀\n");
    assertThat(s.hasStatus()).isFalse();
    assertThat(s.getTraceState()).isEqualTo("k=v");
    assertThatThrownBy(() -> span("{\"name\": \"a\u0001\"}")).hasMessageContaining("control character");
    assertThatThrownBy(() -> span("{\"x\": 01}")).hasMessageContaining("malformed number");
    assertThatThrownBy(() -> span("{\"name\": 5}")).hasMessageContaining("expected '\"'");
  }

  @Test
  void invalidUtf8IsRefused() {
    byte[] json = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":\"\u00ff\"}]}]}]}"
        .getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> OtlpJson.merge(json, ExportTraceServiceRequest.newBuilder()))
        .hasMessageContaining("invalid UTF-8");
  }

  @Test
  void deepNestingIsRefusedNotAStackOverflow() {
    String deep = "{\"arrayValue\":{\"values\":[".repeat(60) + "{}" + "]}}".repeat(60);
    assertThatThrownBy(() -> attr(deep)).hasMessageContaining("nested too deeply");
    String deepUnknown = "{\"unknown\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}";
    assertThatThrownBy(() -> OtlpJson.merge(deepUnknown.getBytes(StandardCharsets.UTF_8),
        ExportTraceServiceRequest.newBuilder())).hasMessageContaining("nested too deeply");
  }

  @Test
  void kvlistAndBytesValues() throws Exception {
    AnyValue v = attr("{\"kvlistValue\": {\"values\": [{\"key\": \"a\", \"value\": {\"bytesValue\": \"_-8=\"}}]}}");
    KeyValue kv = v.getKvlistValue().getValues(0);
    assertThat(kv.getKey()).isEqualTo("a");
    assertThat(kv.getValue().getBytesValue().toByteArray()).containsExactly(0xff, 0xef);
  }
}
