package dev.relay.ottl.context;

import dev.relay.otlp.WireSpan;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.InstrumentationScopeOrBuilder;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.resource.v1.ResourceOrBuilder;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.SpanOrBuilder;

/**
 * One span being processed, with its resource and scope; reused across spans by the thread that walks. It reads
 * messages, builders, or spans still in a request's bytes ({@link WireSpan}); editors change builders and wire spans.
 */
public final class SpanContext {
  final ScratchMap cache = new ScratchMap();
  private ResourceOrBuilder resource;
  private InstrumentationScopeOrBuilder scope;
  private SpanOrBuilder span;

  public SpanContext set(ResourceOrBuilder resource, InstrumentationScopeOrBuilder scope, SpanOrBuilder span) {
    cache.clear();
    this.resource = resource;
    this.scope = scope;
    this.span = span;
    return this;
  }

  public ResourceOrBuilder resource() {
    return resource;
  }

  public InstrumentationScopeOrBuilder scope() {
    return scope;
  }

  public SpanOrBuilder span() {
    return span;
  }

  // Editors run only on contexts set with builders.

  Resource.Builder resourceBuilder() {
    return (Resource.Builder) resource;
  }

  InstrumentationScope.Builder scopeBuilder() {
    return (InstrumentationScope.Builder) scope;
  }

  Span.Builder spanBuilder() {
    return WireSpan.builderOf(span);
  }
}
