package dev.relay.processor;

import dev.relay.ottl.Compiler;
import dev.relay.ottl.context.ResourceContext;
import dev.relay.ottl.context.ResourcePaths;
import dev.relay.ottl.context.ScopeContext;
import dev.relay.ottl.context.ScopePaths;
import dev.relay.ottl.context.SpanContext;
import dev.relay.ottl.context.SpanEventContext;
import dev.relay.ottl.context.SpanEventPaths;
import dev.relay.ottl.context.SpanPaths;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Visits every item of one trace context in a request being rebuilt, with a context object that the compiled
 * OTTL of that context reads and writes. One context object per walk, reused across items.
 */
public final class TraceWalker<T> implements Walker<ExportTraceServiceRequest.Builder, T> {
  @FunctionalInterface
  private interface Walk<T> {
    void each(ExportTraceServiceRequest.Builder req, T ctx, Consumer<T> f);
  }

  public static final TraceWalker<ResourceContext> RESOURCE = new TraceWalker<>(
      TraceContextKind.RESOURCE, ResourceContext::new, ResourcePaths::compiler,
      (req, ctx, f) -> {
        for (ResourceSpans.Builder rs : req.getResourceSpansBuilderList()) {
          f.accept(ctx.set(rs.getResourceBuilder()));
        }
      });

  public static final TraceWalker<ScopeContext> SCOPE = new TraceWalker<>(
      TraceContextKind.SCOPE, ScopeContext::new, ScopePaths::compiler,
      (req, ctx, f) -> {
        for (ResourceSpans.Builder rs : req.getResourceSpansBuilderList()) {
          for (ScopeSpans.Builder ss : rs.getScopeSpansBuilderList()) {
            f.accept(ctx.set(rs.getResourceBuilder(), ss.getScopeBuilder()));
          }
        }
      });

  public static final TraceWalker<SpanContext> SPAN = new TraceWalker<>(
      TraceContextKind.SPAN, SpanContext::new, SpanPaths::compiler,
      (req, ctx, f) -> {
        for (ResourceSpans.Builder rs : req.getResourceSpansBuilderList()) {
          for (ScopeSpans.Builder ss : rs.getScopeSpansBuilderList()) {
            for (Span.Builder span : ss.getSpansBuilderList()) {
              f.accept(ctx.set(rs.getResourceBuilder(), ss.getScopeBuilder(), span));
            }
          }
        }
      });

  public static final TraceWalker<SpanEventContext> SPANEVENT = new TraceWalker<>(
      TraceContextKind.SPANEVENT, SpanEventContext::new, SpanEventPaths::compiler,
      (req, ctx, f) -> {
        for (ResourceSpans.Builder rs : req.getResourceSpansBuilderList()) {
          for (ScopeSpans.Builder ss : rs.getScopeSpansBuilderList()) {
            for (Span.Builder span : ss.getSpansBuilderList()) {
              for (Span.Event.Builder event : span.getEventsBuilderList()) {
                f.accept(ctx.set(rs.getResourceBuilder(), ss.getScopeBuilder(), span, event));
              }
            }
          }
        }
      });

  private final TraceContextKind kind;
  private final Supplier<T> newContext;
  private final Supplier<Compiler<T>> compiler;
  private final Walk<T> walk;

  private TraceWalker(TraceContextKind kind, Supplier<T> newContext, Supplier<Compiler<T>> compiler, Walk<T> walk) {
    this.kind = kind;
    this.newContext = newContext;
    this.compiler = compiler;
    this.walk = walk;
  }

  public static TraceWalker<?> of(TraceContextKind kind) {
    return switch (kind) {
      case RESOURCE -> RESOURCE;
      case SCOPE -> SCOPE;
      case SPAN -> SPAN;
      case SPANEVENT -> SPANEVENT;
    };
  }

  public TraceContextKind kind() {
    return kind;
  }

  @Override
  public Compiler<T> compiler() {
    return compiler.get();
  }

  @Override
  public void each(ExportTraceServiceRequest.Builder req, Consumer<T> f) {
    walk.each(req, newContext.get(), f);
  }
}
