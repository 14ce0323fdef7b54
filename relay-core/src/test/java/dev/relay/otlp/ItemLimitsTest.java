package dev.relay.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.TestTraces;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

/** The SDK's span and log limits, applied to a request's bytes without decoding them. */
class ItemLimitsTest {
  private static KeyValue attr(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  private static Span.Builder bigSpan() {
    Span.Builder span = TestTraces.spanWithIds("big").setDroppedAttributesCount(3).setDroppedEventsCount(1);
    for (int i = 0; i < 200; i++) {
      span.addAttributes(attr("k" + i, "v" + i));
    }
    span.addAttributes(0, attr("long", "héllo wörld"));
    span.addAttributes(1, KeyValue.newBuilder().setKey("list").setValue(AnyValue.newBuilder().setArrayValue(
        ArrayValue.newBuilder().addValues(AnyValue.newBuilder().setStringValue("abcdef"))
            .addValues(AnyValue.newBuilder().setIntValue(7)))));
    for (int e = 0; e < 3; e++) {
      Span.Event.Builder event = Span.Event.newBuilder().setName("e" + e).setTimeUnixNano(e + 1);
      for (int i = 0; i < 5; i++) {
        event.addAttributes(attr("ek" + i, "x"));
      }
      span.addEvents(event);
    }
    for (int l = 0; l < 2; l++) {
      span.addLinks(Span.Link.newBuilder().setTraceId(span.getTraceId()).setSpanId(span.getSpanId())
          .addAttributes(attr("lk", "y")).addAttributes(attr("lk2", "z")));
    }
    return span;
  }

  @Test
  void overTheLimitsASpanIsTruncatedOnTheWireAndTheDroppedCountsSayByHowMuch() throws Exception {
    ExportTraceServiceRequest request = TestTraces.request(bigSpan(), TestTraces.spanWithIds("small"));
    byte[] bytes = request.toByteArray();
    ItemLimits.Outcome o = new ItemLimits(10, 4, 2, 1, true).apply(Signal.TRACES, bytes);
    assertThat(o.itemsOverLimit()).isEqualTo(1);
    assertThat(o.firstViolation()).isEqualTo("an attribute value is longer than 4 characters, more than "
        + "max_attribute_value_length (4)");
    ExportTraceServiceRequest got = ExportTraceServiceRequest.parseFrom(o.bytes());
    Span span = got.getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertThat(span.getAttributesCount()).isEqualTo(10);
    assertThat(span.getDroppedAttributesCount()).isEqualTo(3 + 192);
    assertThat(span.getAttributes(0)).isEqualTo(attr("long", "héll"));
    assertThat(span.getAttributes(1).getValue().getArrayValue().getValues(0).getStringValue()).isEqualTo("abcd");
    assertThat(span.getAttributes(1).getValue().getArrayValue().getValues(1).getIntValue()).isEqualTo(7);
    assertThat(span.getAttributes(9)).isEqualTo(attr("k7", "v7"));
    assertThat(span.getEventsCount()).isEqualTo(2);
    assertThat(span.getDroppedEventsCount()).isEqualTo(1 + 1);
    assertThat(span.getEvents(1).getAttributesCount()).isEqualTo(5);
    assertThat(span.getLinksCount()).isEqualTo(1);
    assertThat(span.getDroppedLinksCount()).isEqualTo(1);
    assertThat(span.getLinks(0).getAttributesCount()).isEqualTo(2);
    // Everything else is as it was; the other span is untouched.
    Span original = request.getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertThat(span.toBuilder().clearAttributes().clearEvents().clearLinks().clearDroppedAttributesCount()
        .clearDroppedEventsCount().clearDroppedLinksCount().build())
        .isEqualTo(original.toBuilder().clearAttributes().clearEvents().clearLinks().clearDroppedAttributesCount()
            .clearDroppedEventsCount().clearDroppedLinksCount().build());
    assertThat(got.getResourceSpans(0).getScopeSpans(0).getSpans(1))
        .isEqualTo(request.getResourceSpans(0).getScopeSpans(0).getSpans(1));
    // The attributes of events and links count too.
    Span events = ExportTraceServiceRequest.parseFrom(new ItemLimits(3, 0, 0, 0, true).apply(Signal.TRACES, bytes)
        .bytes()).getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertThat(events.getEvents(2).getAttributesCount()).isEqualTo(3);
    assertThat(events.getEvents(2).getDroppedAttributesCount()).isEqualTo(2);
    assertThat(events.getLinksCount()).isEqualTo(2);
  }

  @Test
  void withinTheLimitsTheBytesAreTheRequestItself() throws Exception {
    byte[] bytes = TestTraces.request(bigSpan()).toByteArray();
    ItemLimits.Outcome o = new ItemLimits(1000, 100, 10, 10, true).apply(Signal.TRACES, bytes);
    assertThat(o.itemsOverLimit()).isZero();
    assertThat(o.bytes()).isSameAs(bytes);
    assertThat(ItemLimits.NONE.apply(Signal.TRACES, bytes).bytes()).isSameAs(bytes);
  }

  @Test
  void refusingLeavesTheBytesAndSaysWhy() throws Exception {
    byte[] bytes = TestTraces.request(bigSpan(), bigSpan()).toByteArray();
    ItemLimits.Outcome o = new ItemLimits(128, 0, 128, 128, false).apply(Signal.TRACES, bytes);
    assertThat(o.itemsOverLimit()).isEqualTo(2);
    assertThat(o.bytes()).isSameAs(bytes);
    assertThat(o.firstViolation()).isEqualTo("a span has 202 attributes, more than max_attributes_per_item (128)");
  }

  @Test
  void logRecordsAreLimitedToo() throws Exception {
    LogRecord.Builder record = LogRecord.newBuilder().setTimeUnixNano(1);
    for (int i = 0; i < 300; i++) {
      record.addAttributes(attr("k" + i, "v"));
    }
    byte[] bytes = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
        .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(record))).build().toByteArray();
    ItemLimits.Outcome o = new ItemLimits(128, 0, 128, 128, true).apply(Signal.LOGS, bytes);
    assertThat(o.itemsOverLimit()).isEqualTo(1);
    LogRecord got = ExportLogsServiceRequest.parseFrom(o.bytes()).getResourceLogs(0).getScopeLogs(0)
        .getLogRecords(0);
    assertThat(got.getAttributesCount()).isEqualTo(128);
    assertThat(got.getDroppedAttributesCount()).isEqualTo(172);
    assertThat(Batch.fromWire(Signal.LOGS, o.bytes()).itemCount()).isEqualTo(1);
  }

  @Test
  void theReceiversOneWalkPassesARequestWithinTheLimitsAsReceived() throws Exception {
    byte[] bytes = TestTraces.request(bigSpan(), TestTraces.spanWithIds("small")).toByteArray();
    ItemLimits.Admitted a = new ItemLimits(1000, 100, 10, 10, true).admit(Signal.TRACES, bytes);
    assertThat(a.itemsOverLimit()).isZero();
    assertThat(a.batch().bytes()).isSameAs(bytes);
    assertThat(a.batch().itemCount()).isEqualTo(2);
  }

  @Test
  void theReceiversOneWalkTruncatesAndRefusesAsTheExactWalkDoes() throws Exception {
    byte[] bytes = TestTraces.request(bigSpan(), TestTraces.spanWithIds("small")).toByteArray();
    ItemLimits truncating = new ItemLimits(10, 4, 2, 1, true);
    ItemLimits.Admitted a = truncating.admit(Signal.TRACES, bytes);
    assertThat(a.itemsOverLimit()).isEqualTo(1);
    assertThat(a.batch().bytes()).isEqualTo(truncating.apply(Signal.TRACES, bytes).bytes());
    assertThat(a.batch().itemCount()).isEqualTo(2);
    ItemLimits.Admitted refused = new ItemLimits(128, 0, 128, 128, false).admit(Signal.TRACES, bytes);
    assertThat(refused.itemsOverLimit()).isEqualTo(1);
    assertThat(refused.batch().bytes()).isSameAs(bytes);
    assertThat(refused.firstViolation()).isEqualTo("a span has 202 attributes, more than max_attributes_per_item (128)");
  }

  @Test
  void aLongStringThatIsNoAttributeValueIsScreenedAndThenFoundWithinTheLimits() throws Exception {
    // The screen flags any string longer in bytes than the limit; the exact walk finds the span name is no value.
    byte[] bytes = TestTraces.request(TestTraces.spanWithIds("a-span-name-longer-than-eight").addAttributes(
        attr("k", "short"))).toByteArray();
    ItemLimits.Admitted a = new ItemLimits(128, 8, 128, 128, true).admit(Signal.TRACES, bytes);
    assertThat(a.itemsOverLimit()).isZero();
    assertThat(a.batch().bytes()).isSameAs(bytes);
  }

  @Test
  void theReceiversOneWalkRefusesWhatTheParserWould() {
    byte[] bytes = {0x0a, 0x05, 0x01};
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> new ItemLimits(128, 0, 128, 128, true).admit(Signal.TRACES, bytes))
        .isInstanceOf(com.google.protobuf.InvalidProtocolBufferException.class);
  }

  @Test
  void aDroppedCountSentAsAnotherWireTypeIsCopiedAsAnUnknownFieldNotReadAsACount() throws Exception {
    // dropped_attributes_count (field 10) as a fixed64: protobuf's parser keeps it as an unknown field. Found by
    // WireFuzzTest (input crash_count_field_not_a_varint): the rewrite read it as a varint and refused the request.
    Span.Builder span = TestTraces.spanWithIds("s");
    for (int i = 0; i < 5; i++) {
      span.addAttributes(attr("k" + i, "v"));
    }
    span.setUnknownFields(com.google.protobuf.UnknownFieldSet.newBuilder().addField(10,
        com.google.protobuf.UnknownFieldSet.Field.newBuilder().addFixed64(0xFFFF_FFFF_FFFF_FFFFL).build()).build());
    byte[] bytes = TestTraces.request(span).toByteArray();
    ItemLimits.Admitted a = new ItemLimits(2, 0, 0, 0, true).admit(Signal.TRACES, bytes);
    assertThat(a.itemsOverLimit()).isEqualTo(1);
    Span got = ExportTraceServiceRequest.parseFrom(a.batch().bytes()).getResourceSpans(0).getScopeSpans(0)
        .getSpans(0);
    assertThat(got.getAttributesCount()).isEqualTo(2);
    assertThat(got.getDroppedAttributesCount()).isEqualTo(3);
  }
}
