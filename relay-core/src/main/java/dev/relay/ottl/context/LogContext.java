package dev.relay.ottl.context;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.InstrumentationScopeOrBuilder;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.LogRecordOrBuilder;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.resource.v1.ResourceOrBuilder;

/**
 * One log record being processed, with its resource and scope; reused across records by the thread that walks. It
 * reads messages (a filter or a Redis route deciding) or builders (a transform, whose editors change them).
 */
public final class LogContext {
  final ScratchMap cache = new ScratchMap();
  private ResourceOrBuilder resource;
  private InstrumentationScopeOrBuilder scope;
  private LogRecordOrBuilder log;

  public LogContext set(ResourceOrBuilder resource, InstrumentationScopeOrBuilder scope, LogRecordOrBuilder log) {
    cache.clear();
    this.resource = resource;
    this.scope = scope;
    this.log = log;
    return this;
  }

  public ResourceOrBuilder resource() {
    return resource;
  }

  public InstrumentationScopeOrBuilder scope() {
    return scope;
  }

  public LogRecordOrBuilder log() {
    return log;
  }

  Resource.Builder resourceBuilder() {
    return (Resource.Builder) resource;
  }

  InstrumentationScope.Builder scopeBuilder() {
    return (InstrumentationScope.Builder) scope;
  }

  LogRecord.Builder logBuilder() {
    return (LogRecord.Builder) log;
  }
}
