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

/** Paths of the {@code resource} context: {@code attributes} and {@code dropped_attributes_count}. */
public final class ResourcePaths implements PathResolver<ResourceContext> {
  public static final ResourcePaths INSTANCE = new ResourcePaths();

  private ResourcePaths() {}

  public static Compiler<ResourceContext> compiler() {
    return new Compiler<>(CachePaths.with(INSTANCE, Set.of("resource"), ctx -> ctx.cache),
        Converters.standard(), Editors.standard());
  }

  private static int start(PathExpr path) throws OttlException {
    if (path.fields().get(0).name().equals("resource") && path.fields().size() > 1) {
      PathChecks.noKeys(path, 0);
      return 1;
    }
    return 0;
  }

  @Override
  public Getter<ResourceContext> resolve(PathExpr path, Compiler<ResourceContext> c) throws OttlException {
    return ResourceFields.getter(start(path) == 0 ? shift(path) : path, 1, ResourceContext::resource, c);
  }

  @Override
  public Setter<ResourceContext> resolveSetter(PathExpr path, Compiler<ResourceContext> c) throws OttlException {
    return ResourceFields.setter(start(path) == 0 ? shift(path) : path, 1, ResourceContext::resource, c);
  }

  /** {@code attributes[...]} read as {@code resource.attributes[...]}, so one set of field rules serves both. */
  private static PathExpr shift(PathExpr path) {
    var fields = new java.util.ArrayList<dev.relay.ottl.Ast.Field>();
    fields.add(new dev.relay.ottl.Ast.Field("resource", java.util.List.of()));
    fields.addAll(path.fields());
    return new PathExpr(fields, path.pos());
  }

  @Override
  public Map<String, Long> enums() {
    return TraceEnums.ALL;
  }
}
