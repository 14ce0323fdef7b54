package dev.relay.ottl.context;

import dev.relay.ottl.Ast.PathExpr;
import dev.relay.ottl.Compiler;
import dev.relay.ottl.Converters;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.PathResolver;
import dev.relay.ottl.Setter;
import java.util.Map;

/**
 * Paths of the {@code span} context: the span's fields (optionally written {@code span.name}), plus
 * {@code resource.*} and {@code instrumentation_scope.*}.
 */
public final class SpanPaths implements PathResolver<SpanContext> {
  public static final SpanPaths INSTANCE = new SpanPaths();

  private SpanPaths() {}

  public static Compiler<SpanContext> compiler() {
    return new Compiler<>(INSTANCE, Converters.standard());
  }

  private static int start(PathExpr path) throws OttlException {
    if (path.fields().get(0).name().equals("span") && path.fields().size() > 1) {
      Fields.noKeys(path, 0);
      return 1;
    }
    return 0;
  }

  @Override
  public Getter<SpanContext> resolve(PathExpr path, Compiler<SpanContext> c) throws OttlException {
    int i = start(path);
    return switch (path.fields().get(i).name()) {
      case "resource" -> {
        Fields.noKeys(path, i);
        yield Fields.resource(path, i + 1, SpanContext::resource, c);
      }
      case "instrumentation_scope" -> {
        Fields.noKeys(path, i);
        yield Fields.scope(path, i + 1, SpanContext::scope, c);
      }
      default -> Fields.span(path, i, SpanContext::span, c);
    };
  }

  @Override
  public Setter<SpanContext> resolveSetter(PathExpr path, Compiler<SpanContext> c) throws OttlException {
    int i = start(path);
    return switch (path.fields().get(i).name()) {
      case "resource" -> {
        Fields.noKeys(path, i);
        yield Fields.resourceSetter(path, i + 1, SpanContext::resourceBuilder, c);
      }
      case "instrumentation_scope" -> {
        Fields.noKeys(path, i);
        yield Fields.scopeSetter(path, i + 1, SpanContext::scopeBuilder, c);
      }
      default -> Fields.spanSetter(path, i, SpanContext::span, SpanContext::spanBuilder, c);
    };
  }

  @Override
  public Map<String, Long> enums() {
    return TraceEnums.ALL;
  }
}
