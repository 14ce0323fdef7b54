package dev.relay.ottl.context;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * One span event with what encloses it. A single instance is reused while walking a batch (set, evaluate, move on),
 * so evaluation allocates no context objects; it is confined to the thread that walks.
 */
public final class SpanEventContext {
  private Resource resource = Resource.getDefaultInstance();
  private InstrumentationScope scope = InstrumentationScope.getDefaultInstance();
  private Span span = Span.getDefaultInstance();
  private Span.Event event = Span.Event.getDefaultInstance();

  public SpanEventContext set(Resource resource, InstrumentationScope scope, Span span, Span.Event event) {
    this.resource = resource;
    this.scope = scope;
    this.span = span;
    this.event = event;
    return this;
  }

  public Resource resource() {
    return resource;
  }

  public InstrumentationScope scope() {
    return scope;
  }

  public Span span() {
    return span;
  }

  public Span.Event event() {
    return event;
  }
}
