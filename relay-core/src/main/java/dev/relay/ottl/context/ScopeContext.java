package dev.relay.ottl.context;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;

/** One instrumentation scope being processed, with its resource. */
public final class ScopeContext {
  final ScratchMap cache = new ScratchMap();
  private Resource.Builder resource;
  private InstrumentationScope.Builder scope;

  public ScopeContext set(Resource.Builder resource, InstrumentationScope.Builder scope) {
    cache.clear();
    this.resource = resource;
    this.scope = scope;
    return this;
  }

  public Resource.Builder resource() {
    return resource;
  }

  public InstrumentationScope.Builder scope() {
    return scope;
  }
}
