package dev.relay.testing;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;

/**
 * OTLP trace requests built the way they nest, for tests:
 * {@code request(resource(KeyValues.of("service.name", "a"), scope("s", span("chat").addEvents(event("e")))))}.
 * Spans are the protobuf builders, so any field can be set on them; everything left out stays at its default.
 */
public final class TestTraces {
  private TestTraces() {}

  public static ExportTraceServiceRequest request(ResourceSpans... resources) {
    return ExportTraceServiceRequest.newBuilder().addAllResourceSpans(List.of(resources)).build();
  }

  /** A request of one resource and one scope, both without fields, holding {@code spans}. */
  public static ExportTraceServiceRequest request(Span.Builder... spans) {
    return request(resource(scope(spans)));
  }

  /** A request of one resource and one scope holding a span of each name, with only its name set. */
  public static ExportTraceServiceRequest request(String... spanNames) {
    Span.Builder[] spans = new Span.Builder[spanNames.length];
    for (int i = 0; i < spans.length; i++) {
      spans[i] = span(spanNames[i]);
    }
    return request(spans);
  }

  public static ResourceSpans resource(List<KeyValue> attributes, ScopeSpans... scopes) {
    return ResourceSpans.newBuilder().setResource(Resource.newBuilder().addAllAttributes(attributes))
        .addAllScopeSpans(List.of(scopes)).build();
  }

  /** A resource without attributes (no resource field at all). */
  public static ResourceSpans resource(ScopeSpans... scopes) {
    return ResourceSpans.newBuilder().addAllScopeSpans(List.of(scopes)).build();
  }

  public static ScopeSpans scope(String name, Span.Builder... spans) {
    return scope(spans).toBuilder().setScope(InstrumentationScope.newBuilder().setName(name)).build();
  }

  /** A scope without a name (no scope field at all). */
  public static ScopeSpans scope(Span.Builder... spans) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (Span.Builder span : spans) {
      scope.addSpans(span);
    }
    return scope.build();
  }

  public static Span.Builder span(String name) {
    return Span.newBuilder().setName(name);
  }

  /** A span with all-zero trace and span ids of the lengths OTLP requires (16 and 8 bytes). */
  public static Span.Builder spanWithIds(String name) {
    return span(name).setTraceId(ByteString.copyFrom(new byte[16])).setSpanId(ByteString.copyFrom(new byte[8]));
  }

  /** Spans named {@code prefix0}, {@code prefix1}, ... */
  public static Span.Builder[] spans(String prefix, int count) {
    Span.Builder[] spans = new Span.Builder[count];
    for (int i = 0; i < count; i++) {
      spans[i] = span(prefix + i);
    }
    return spans;
  }

  public static Span.Event event(String name, KeyValue... attributes) {
    return Span.Event.newBuilder().setName(name).addAllAttributes(List.of(attributes)).build();
  }
}
