package dev.relay.ottl.context;

import io.opentelemetry.proto.resource.v1.Resource;

/** One resource being processed. */
public final class ResourceContext {
  final ScratchMap cache = new ScratchMap();
  private Resource.Builder resource;

  public ResourceContext set(Resource.Builder resource) {
    cache.clear();
    this.resource = resource;
    return this;
  }

  public Resource.Builder resource() {
    return resource;
  }
}
