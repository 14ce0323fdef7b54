package dev.relay.ottl.context;

import dev.relay.ottl.Ast.PathExpr;
import dev.relay.ottl.Compiler;
import dev.relay.ottl.Converters;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.PathResolver;
import dev.relay.ottl.Setter;
import dev.relay.ottl.editor.Editors;
import java.util.Map;
import java.util.Set;

/**
 * Paths of the {@code span} context: the span's fields (optionally written {@code span.name}), plus
 * {@code resource.*} and {@code instrumentation_scope.*}.
 */
public final class SpanPaths implements PathResolver<SpanContext> {
  public static final SpanPaths INSTANCE = new SpanPaths();

  private SpanPaths() {}

  public static Compiler<SpanContext> compiler() {
    return new Compiler<>(CachePaths.with(INSTANCE, Set.of("span"), ctx -> ctx.cache),
        Converters.standard().with(new IsRootSpan<>(SpanContext::span)), Editors.standard());
  }

  private static int start(PathExpr path) throws OttlException {
    if (path.fields().get(0).name().equals("span") && path.fields().size() > 1) {
      PathChecks.noKeys(path, 0);
      return 1;
    }
    return 0;
  }

  @Override
  public Getter<SpanContext> resolve(PathExpr path, Compiler<SpanContext> c) throws OttlException {
    int i = start(path);
    return switch (path.fields().get(i).name()) {
      case "resource" -> {
        PathChecks.noKeys(path, i);
        yield ResourceFields.getter(path, i + 1, SpanContext::resource, c);
      }
      case "instrumentation_scope", "scope" -> {
        PathChecks.noKeys(path, i);
        yield ScopeFields.getter(path, i + 1, SpanContext::scope, c);
      }
      default -> SpanFields.getter(path, i, SpanContext::span, c);
    };
  }

  @Override
  public Setter<SpanContext> resolveSetter(PathExpr path, Compiler<SpanContext> c) throws OttlException {
    int i = start(path);
    return switch (path.fields().get(i).name()) {
      case "resource" -> {
        PathChecks.noKeys(path, i);
        yield ResourceFields.setter(path, i + 1, SpanContext::resourceBuilder, c);
      }
      case "instrumentation_scope", "scope" -> {
        PathChecks.noKeys(path, i);
        yield ScopeFields.setter(path, i + 1, SpanContext::scopeBuilder, c);
      }
      default -> SpanFields.setter(path, i, SpanContext::span, SpanContext::spanBuilder, c);
    };
  }

  @Override
  public Map<String, Long> enums() {
    return TraceEnums.ALL;
  }
}
