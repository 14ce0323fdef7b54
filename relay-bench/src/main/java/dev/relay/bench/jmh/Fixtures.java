package dev.relay.bench.jmh;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.Random;

/** Spans shaped like the end-to-end bench's, built the same way every run. */
final class Fixtures {
  private Fixtures() {}

  static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
  }

  static KeyValue kv(String k, long v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setIntValue(v)).build();
  }

  /** A span with {@code attributes} attributes (k0..kN plus http.status and luthien.call_id) and one event. */
  static Span span(Random random, int attributes, boolean selected) {
    byte[] trace = new byte[16];
    byte[] id = new byte[8];
    random.nextBytes(trace);
    random.nextBytes(id);
    Span.Builder b = Span.newBuilder()
        .setTraceId(ByteString.copyFrom(trace)).setSpanId(ByteString.copyFrom(id))
        .setName("POST /v1/chat/completions").setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .setStartTimeUnixNano(1_000_000).setEndTimeUnixNano(13_345_678)
        .addAttributes(kv("luthien.call_id", "call-" + random.nextInt(1_000_000)))
        .addAttributes(kv("http.status", 200));
    for (int i = 2; i < attributes; i++) {
      b.addAttributes(kv("k" + i, "value-" + i));
    }
    b.addEvents(Span.Event.newBuilder().setName(selected ? "gateway.request_received" : "internal.checkpoint")
        .setTimeUnixNano(1_001_000).addAttributes(kv("model", "gpt-4o-mini"))
        .addAttributes(KeyValue.newBuilder().setKey("stream").setValue(AnyValue.newBuilder().setBoolValue(true))));
    return b.build();
  }

  /** The end-to-end bench's request: 100 spans of 6 attributes and one event, one in ten selected. */
  static ExportTraceServiceRequest request(long seed) {
    Random random = new Random(seed);
    ScopeSpans.Builder ss = ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("bench"));
    for (int i = 0; i < 100; i++) {
      ss.addSpans(span(random, 6, i % 10 == 0));
    }
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(kv("service.name", "gateway")))
        .addScopeSpans(ss)).build();
  }
}
