package dev.relay.ottl;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.relay.ottl.context.SpanEventContext;
import dev.relay.ottl.context.SpanEventPaths;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code span.*} in the spanevent context, from a request's bytes: every span field reads the same as on the
 * decoded span, without the span's attributes or events being decoded for it.
 */
class SpanFieldsFromWireTest {
  private static final Span SPAN = Span.newBuilder()
      .setTraceId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}))
      .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 42}))
      .setParentSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 1}))
      .setTraceState("rojo=00f067aa0ba902b7")
      .setName("POST /chat").setKind(Span.SpanKind.SPAN_KIND_SERVER)
      .setStartTimeUnixNano(1000).setEndTimeUnixNano(3500)
      .addAttributes(ConformanceTest.kv("a", ConformanceTest.str("b")))
      .setDroppedAttributesCount(1).setDroppedEventsCount(2).setDroppedLinksCount(3)
      .addEvents(Span.Event.newBuilder().setName("e").setTimeUnixNano(2000))
      .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
      .setFlags(257)
      .build();

  /** A context walking bytes that hold, after 5 other bytes, the span and then its event. */
  private static SpanEventContext onTheWire() {
    byte[] span = SPAN.toByteArray();
    byte[] event = SPAN.getEvents(0).toByteArray();
    byte[] wire = new byte[5 + span.length + event.length];
    System.arraycopy(span, 0, wire, 5, span.length);
    System.arraycopy(event, 0, wire, 5 + span.length, event.length);
    SpanEventContext ctx = new SpanEventContext();
    ctx.wire(wire);
    ctx.wireResource(-1, 0);
    ctx.wireScope(-1, 0);
    ctx.wireSpan(5, span.length);
    ctx.wireEvent(5 + span.length, event.length);
    return ctx;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"span.name", "span.kind", "span.trace_id", "span.trace_id.string", "span.span_id",
      "span.span_id.string", "span.parent_span_id", "span.trace_state", "span.trace_state[\"rojo\"]",
      "span.start_time_unix_nano", "span.end_time_unix_nano", "span.start_time", "span.end_time",
      "span.dropped_attributes_count", "span.dropped_events_count", "span.dropped_links_count", "span.status.code",
      "span.status.message", "span.attributes[\"a\"]", "span.attributes"})
  void readsAsOnTheDecodedSpan(String path) throws Exception {
    Getter<SpanEventContext> g = SpanEventPaths.compiler().value(path);
    SpanEventContext decoded = new SpanEventContext().set(Resource.getDefaultInstance(),
        InstrumentationScope.getDefaultInstance(), SPAN, SPAN.getEvents(0));
    Object expected = g.get(decoded);
    assertThat(expected).isNotNull();
    SpanEventContext wire = onTheWire();
    assertThat(Values.compare(Ast.CompareOp.EQ, g.get(wire), expected)).as(path).isTrue();
    if (!path.startsWith("span.attributes")) {
      // the span's own fields came from the lighter decode: no attributes, no events
      assertThat(wire.spanFields().getAttributesCount()).isZero();
      assertThat(wire.spanFields().getEventsCount()).isZero();
    }
  }
}
