package dev.relay.ottl.context;

import dev.relay.ottl.Ast.Field;
import dev.relay.ottl.Ast.PathExpr;
import dev.relay.ottl.Compiler;
import dev.relay.ottl.Converters;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.PathResolver;
import dev.relay.ottl.Setter;
import dev.relay.ottl.editor.Editors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Paths of the {@code scope} context: {@code name}, {@code version}, {@code attributes},
 * {@code dropped_attributes_count} (optionally prefixed {@code instrumentation_scope.} or {@code scope.}), and
 * {@code resource.*}.
 */
public final class ScopePaths implements PathResolver<ScopeContext> {
  public static final ScopePaths INSTANCE = new ScopePaths();

  private ScopePaths() {}

  public static Compiler<ScopeContext> compiler() {
    return new Compiler<>(CachePaths.with(INSTANCE, Set.of("scope", "instrumentation_scope"), ctx -> ctx.cache),
        Converters.standard(), Editors.standard());
  }

  /** The path with an {@code instrumentation_scope.} prefix, so one set of field rules serves both spellings. */
  private static PathExpr scoped(PathExpr path) throws OttlException {
    String first = path.fields().get(0).name();
    if ((first.equals("instrumentation_scope") || first.equals("scope")) && path.fields().size() > 1) {
      PathChecks.noKeys(path, 0);
      return path;
    }
    List<Field> fields = new ArrayList<>();
    fields.add(new Field("instrumentation_scope", List.of()));
    fields.addAll(path.fields());
    return new PathExpr(fields, path.pos());
  }

  @Override
  public Getter<ScopeContext> resolve(PathExpr path, Compiler<ScopeContext> c) throws OttlException {
    if (path.fields().get(0).name().equals("resource")) {
      PathChecks.noKeys(path, 0);
      return ResourceFields.getter(path, 1, ScopeContext::resource, c);
    }
    return ScopeFields.getter(scoped(path), 1, ScopeContext::scope, c);
  }

  @Override
  public Setter<ScopeContext> resolveSetter(PathExpr path, Compiler<ScopeContext> c) throws OttlException {
    if (path.fields().get(0).name().equals("resource")) {
      PathChecks.noKeys(path, 0);
      return ResourceFields.setter(path, 1, ScopeContext::resource, c);
    }
    return ScopeFields.setter(scoped(path), 1, ScopeContext::scope, c);
  }

  @Override
  public Map<String, Long> enums() {
    return TraceEnums.ALL;
  }
}
