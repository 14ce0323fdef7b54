package dev.relay.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

/** Removing attributes of a span still in its bytes gives what the same removals on a builder give. */
class WireSpanRemoveAttributeTest {
  private static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
  }

  @Test
  void removalsMixedWithOtherEditsMatchABuilder() throws Exception {
    Span span = Span.newBuilder().setName("s").addAttributes(kv("a", "1")).setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .addAttributes(kv("b", "2")).addAttributes(kv("c", "3")).addAttributes(kv("d", "4"))
        .setStartTimeUnixNano(7).addEvents(Span.Event.newBuilder().setName("e")).build();
    ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder().addResourceSpans(
        ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build();
    EditableTraces t = EditableTraces.open(request.toByteArray());
    WireSpan w = t.resources().get(0).scopes().get(0).spans().get(0);
    Span.Builder b = span.toBuilder();

    WireSpan.removeAttribute(w, 1);
    b.removeAttributes(1);
    assertThat(w.getAttributesList()).containsExactly(kv("a", "1"), kv("c", "3"), kv("d", "4"));
    WireSpan.setAttribute(w, 1, kv("c", "changed"));
    b.setAttributes(1, kv("c", "changed"));
    WireSpan.removeAttribute(w, 2);
    b.removeAttributes(2);
    WireSpan.addAttribute(w, kv("e", "5"));
    b.addAttributes(kv("e", "5"));
    WireSpan.removeAttribute(w, 0);
    b.removeAttributes(0);

    assertThat(w.changed()).isTrue();
    assertThat(w.getAttributesList()).containsExactly(kv("c", "changed"), kv("e", "5"));
    Span got = ExportTraceServiceRequest.parseFrom(t.encode()).getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertThat(got).isEqualTo(b.build());
  }

  @Test
  void removingEveryAttributeLeavesTheRestOfTheSpan() throws Exception {
    Span span = Span.newBuilder().setName("s").addAttributes(kv("a", "1")).addAttributes(kv("b", "2")).build();
    ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder().addResourceSpans(
        ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build();
    EditableTraces t = EditableTraces.open(request.toByteArray());
    WireSpan w = t.resources().get(0).scopes().get(0).spans().get(0);
    WireSpan.removeAttribute(w, 0);
    WireSpan.removeAttribute(w, 0);
    Span got = ExportTraceServiceRequest.parseFrom(t.encode()).getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertThat(got).isEqualTo(Span.newBuilder().setName("s").build());
  }
}
