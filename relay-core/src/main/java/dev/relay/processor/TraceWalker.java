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
import dev.relay.otlp.EditableTraces;
import dev.relay.otlp.EditableTraces.ResourceGroup;
import dev.relay.otlp.EditableTraces.ScopeGroup;
import dev.relay.otlp.WireSpan;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Visits every item of one trace context in a request opened for editing, with a context object that the compiled
 * OTTL of that context reads and writes. One context object per walk, reused across items. Spans are visited as
 * they lie in the request's bytes; the span event context decodes a span (once) only when it has events.
 */
public final class TraceWalker<T> implements Walker<EditableTraces, T> {
  @FunctionalInterface
  private interface Walk<T> {
    void each(EditableTraces req, T ctx, Consumer<T> f);
  }

  public static final TraceWalker<ResourceContext> RESOURCE = new TraceWalker<>(
      TraceContextKind.RESOURCE, ResourceContext::new, ResourcePaths::compiler,
      (req, ctx, f) -> {
        for (ResourceGroup rg : req.resources()) {
          f.accept(ctx.set(rg.resource()));
        }
      });

  public static final TraceWalker<ScopeContext> SCOPE = new TraceWalker<>(
      TraceContextKind.SCOPE, ScopeContext::new, ScopePaths::compiler,
      (req, ctx, f) -> {
        for (ResourceGroup rg : req.resources()) {
          for (ScopeGroup sg : rg.scopes()) {
            f.accept(ctx.set(rg.resource(), sg.scope()));
          }
        }
      });

  public static final TraceWalker<SpanContext> SPAN = new TraceWalker<>(
      TraceContextKind.SPAN, SpanContext::new, SpanPaths::compiler,
      (req, ctx, f) -> {
        for (ResourceGroup rg : req.resources()) {
          for (ScopeGroup sg : rg.scopes()) {
            for (WireSpan span : sg.spans()) {
              f.accept(ctx.set(rg.resource(), sg.scope(), span));
            }
          }
        }
      });

  public static final TraceWalker<SpanEventContext> SPANEVENT = new TraceWalker<>(
      TraceContextKind.SPANEVENT, SpanEventContext::new, SpanEventPaths::compiler,
      (req, ctx, f) -> {
        for (ResourceGroup rg : req.resources()) {
          for (ScopeGroup sg : rg.scopes()) {
            for (WireSpan wire : sg.spans()) {
              if (!wire.hasEvents()) {
                continue;
              }
              Span.Builder span = wire.builder();
              for (Span.Event.Builder event : span.getEventsBuilderList()) {
                f.accept(ctx.set(rg.resource(), sg.scope(), span, event));
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
  public void each(EditableTraces req, Consumer<T> f) {
    walk.each(req, newContext.get(), f);
  }
}
