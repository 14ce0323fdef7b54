package dev.relay.otlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EditableTracesTest {
  private static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
  }

  /** A span with every field set at random, some left at their defaults. */
  private static Span randomSpan(Random r) {
    Span.Builder b = Span.newBuilder();
    byte[] id = new byte[16];
    r.nextBytes(id);
    b.setTraceId(ByteString.copyFrom(id)).setSpanId(ByteString.copyFrom(id, 0, 8));
    if (r.nextBoolean()) {
      b.setParentSpanId(ByteString.copyFrom(id, 8, 8));
    }
    if (r.nextBoolean()) {
      b.setTraceState("k=v" + r.nextInt(100));
    }
    if (r.nextBoolean()) {
      b.setFlags(r.nextInt());
    }
    b.setName("op-" + r.nextInt(1000) + (r.nextBoolean() ? "-ünïcode" : ""));
    b.setKindValue(r.nextInt(6));
    b.setStartTimeUnixNano(r.nextLong()).setEndTimeUnixNano(r.nextLong());
    int attrs = r.nextInt(5);
    for (int i = 0; i < attrs; i++) {
      b.addAttributes(kv("k" + i, "v" + r.nextInt(1000)));
    }
    b.setDroppedAttributesCount(r.nextInt(3));
    if (r.nextBoolean()) {
      b.addEvents(Span.Event.newBuilder().setName("e").setTimeUnixNano(r.nextLong()).addAttributes(kv("a", "b")));
    }
    b.setDroppedEventsCount(r.nextInt(3));
    if (r.nextBoolean()) {
      b.addLinks(Span.Link.newBuilder().setTraceId(ByteString.copyFrom(id)).setSpanId(ByteString.copyFrom(id, 0, 8)));
    }
    b.setDroppedLinksCount(r.nextInt(3));
    if (r.nextBoolean()) {
      b.setStatus(Status.newBuilder().setCodeValue(r.nextInt(3)).setMessage("m" + r.nextInt(10)));
    }
    return b.build();
  }

  private static ExportTraceServiceRequest randomRequest(Random r) {
    ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
    int resources = 1 + r.nextInt(3);
    for (int i = 0; i < resources; i++) {
      ResourceSpans.Builder rs = req.addResourceSpansBuilder();
      if (r.nextBoolean()) {
        rs.setResource(Resource.newBuilder().addAttributes(kv("service.name", "svc-" + i)));
      }
      if (r.nextBoolean()) {
        rs.setSchemaUrl("https://opentelemetry.io/schemas/1.21.0");
      }
      int scopes = 1 + r.nextInt(2);
      for (int s = 0; s < scopes; s++) {
        ScopeSpans.Builder ss = rs.addScopeSpansBuilder();
        if (r.nextBoolean()) {
          ss.setScope(InstrumentationScope.newBuilder().setName("lib-" + s).setVersion("1.0"));
        }
        int spans = r.nextInt(4);
        for (int k = 0; k < spans; k++) {
          ss.addSpans(randomSpan(r));
        }
      }
    }
    return req.build();
  }

  @Test
  void aRequestNobodyChangedEncodesToItsOwnBytes() {
    Random r = new Random(1);
    for (int i = 0; i < 500; i++) {
      byte[] wire = randomRequest(r).toByteArray();
      EditableTraces t = EditableTraces.open(wire);
      assertArrayEquals(wire, t.encode(), "request " + i);
    }
  }

  @Test
  void wireSpansReadEveryFieldAsProtobufDoes() throws Exception {
    Random r = new Random(2);
    for (int i = 0; i < 500; i++) {
      Span span = randomSpan(r);
      byte[] bytes = span.toByteArray();
      WireSpan w = new WireSpan(bytes, 0, bytes.length);
      assertEquals(span.getTraceId(), w.getTraceId());
      assertEquals(span.getSpanId(), w.getSpanId());
      assertEquals(span.getParentSpanId(), w.getParentSpanId());
      assertEquals(span.getTraceState(), w.getTraceState());
      assertEquals(span.getTraceStateBytes(), w.getTraceStateBytes());
      assertEquals(span.getFlags(), w.getFlags());
      assertEquals(span.getName(), w.getName());
      assertEquals(span.getNameBytes(), w.getNameBytes());
      assertEquals(span.getKindValue(), w.getKindValue());
      assertEquals(span.getKind(), w.getKind());
      assertEquals(span.getStartTimeUnixNano(), w.getStartTimeUnixNano());
      assertEquals(span.getEndTimeUnixNano(), w.getEndTimeUnixNano());
      assertEquals(span.getAttributesList(), w.getAttributesList());
      assertEquals(span.getDroppedAttributesCount(), w.getDroppedAttributesCount());
      assertEquals(span.getEventsList(), w.getEventsList());
      assertEquals(span.getEventsCount() > 0, w.hasEvents());
      assertEquals(span.getDroppedEventsCount(), w.getDroppedEventsCount());
      assertEquals(span.getLinksList(), w.getLinksList());
      assertEquals(span.getDroppedLinksCount(), w.getDroppedLinksCount());
      assertEquals(span.hasStatus(), w.hasStatus());
      assertEquals(span.getStatus(), w.getStatus());
      assertFalse(w.changed());
    }
  }

  @Test
  void aFieldWithAnUnexpectedWireTypeIsReadAsProtobufReadsIt() throws Exception {
    // name (field 5) sent as a varint: protobuf-java keeps it as an unknown field and the name stays empty.
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(buf);
    out.writeUInt64(5, 42);
    out.writeString(5, "kept-last");
    out.writeUInt64(5, 7);
    out.writeMessage(15, Status.newBuilder().setMessage("a").build());
    out.writeMessage(15, Status.newBuilder().setCodeValue(2).build()); // message fields merge
    out.flush();
    byte[] bytes = buf.toByteArray();
    Span expected = Span.parseFrom(bytes);
    WireSpan w = new WireSpan(bytes, 0, bytes.length);
    assertEquals(expected.getName(), w.getName());
    assertEquals("kept-last", w.getName());
    assertEquals(expected.getStatus(), w.getStatus());
    assertEquals(expected.getUnknownFields(), w.getUnknownFields());
  }

  @Test
  void attributeEditsKeepTheRestOfTheSpanAndMatchTheSameEditsOnABuilder() throws Exception {
    Random r = new Random(3);
    for (int i = 0; i < 300; i++) {
      ExportTraceServiceRequest original = randomRequest(r);
      EditableTraces t = EditableTraces.open(original.toByteArray());
      ExportTraceServiceRequest.Builder expected = original.toBuilder();
      int s = 0;
      for (int rg = 0; rg < t.resources().size(); rg++) {
        var group = t.resources().get(rg);
        group.resource().addAttributes(kv("deployment.environment", "prod"));
        expected.getResourceSpansBuilder(rg).getResourceBuilder().addAttributes(kv("deployment.environment", "prod"));
        for (int sg = 0; sg < group.scopes().size(); sg++) {
          var scope = group.scopes().get(sg);
          for (int k = 0; k < scope.spans().size(); k++) {
            WireSpan w = scope.spans().get(k);
            Span.Builder b = expected.getResourceSpansBuilder(rg).getScopeSpansBuilder(sg).getSpansBuilder(k);
            boolean wrote = true;
            switch (s++ % 4) {
              case 0 -> {
                WireSpan.addAttribute(w, kv("added", "x"));
                b.addAttributes(kv("added", "x"));
              }
              case 1 -> {
                wrote = w.getAttributesCount() > 0;
                if (wrote) {
                  WireSpan.setAttribute(w, 0, kv("first", "changed"));
                  b.setAttributes(0, kv("first", "changed"));
                }
              }
              case 2 -> {
                List<KeyValue> kept = new ArrayList<>(w.getAttributesList());
                if (!kept.isEmpty()) {
                  kept.remove(kept.size() - 1);
                }
                WireSpan.replaceAttributes(w, kept);
                b.clearAttributes().addAllAttributes(kept);
              }
              default -> {
                // a change beyond attributes, after one to attributes: both must survive
                WireSpan.addAttribute(w, kv("before", "builder"));
                WireSpan.builderOf(w).setName("renamed");
                b.addAttributes(kv("before", "builder")).setName("renamed");
              }
            }
            assertEquals(wrote, w.changed()); // anything written counts, even the same values
          }
        }
      }
      ExportTraceServiceRequest got = ExportTraceServiceRequest.parseFrom(t.encode());
      assertEquals(expected.build(), got, "request " + i);
    }
  }

  @Test
  void removedSpansAndEmptiedGroupsAreLeftOut() throws Exception {
    Span a = Span.newBuilder().setName("a").build();
    Span b = Span.newBuilder().setName("b").build();
    ExportTraceServiceRequest req = ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder().addSpans(a)))
        .addResourceSpans(ResourceSpans.newBuilder()
            .addScopeSpans(ScopeSpans.newBuilder().addSpans(a).addSpans(b))
            .addScopeSpans(ScopeSpans.newBuilder().addSpans(a)))
        .build();
    EditableTraces t = EditableTraces.open(req.toByteArray());
    for (var rg : t.resources()) {
      for (var sg : rg.scopes()) {
        sg.spans().removeIf(s -> s.getName().equals("a"));
      }
    }
    t.removeEmptyGroups();
    assertEquals(1, t.spanCount());
    ExportTraceServiceRequest expected = ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder().addSpans(b)))
        .build();
    assertArrayEquals(expected.toByteArray(), t.encode());
  }
}
