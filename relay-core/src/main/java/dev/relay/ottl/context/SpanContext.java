package dev.relay.ottl.context;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;

/** One span being processed, with its resource and scope; reused across spans by the thread that walks. */
public final class SpanContext {
  private Resource.Builder resource;
  private InstrumentationScope.Builder scope;
  private Span.Builder span;

  public SpanContext set(Resource.Builder resource, InstrumentationScope.Builder scope, Span.Builder span) {
    this.resource = resource;
    this.scope = scope;
    this.span = span;
    return this;
  }

  public Resource.Builder resource() {
    return resource;
  }

  public InstrumentationScope.Builder scope() {
    return scope;
  }

  public Span.Builder span() {
    return span;
  }
}
