package dev.relay.ottl.context;

import dev.relay.ottl.Ast.PathExpr;
import dev.relay.ottl.Compiler;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.PathResolver;
import dev.relay.ottl.Setter;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Adds {@code cache} (also written with the context's prefix, e.g. {@code span.cache}) to a context's paths: read
 * and written like {@code attributes}, with keys ({@code cache["k"]["sub"]}), and empty for each new item.
 */
final class CachePaths<T> implements PathResolver<T> {
  private final PathResolver<T> paths;
  private final Set<String> prefixes;
  private final Function<T, ScratchMap> cache;

  private CachePaths(PathResolver<T> paths, Set<String> prefixes, Function<T, ScratchMap> cache) {
    this.paths = paths;
    this.prefixes = prefixes;
    this.cache = cache;
  }

  /** {@code paths} with {@code cache}; {@code prefixes} are the context's names ({@code span}, {@code log}, ...). */
  static <T> PathResolver<T> with(PathResolver<T> paths, Set<String> prefixes, Function<T, ScratchMap> cache) {
    return new CachePaths<>(paths, prefixes, cache);
  }

  /** Where {@code cache} is in the path (0 or 1), or -1 when the path is not the cache. */
  private int at(PathExpr path) {
    if (path.fields().get(0).name().equals("cache")) {
      return 0;
    }
    if (path.fields().size() > 1 && prefixes.contains(path.fields().get(0).name())
        && path.fields().get(0).keys().isEmpty() && path.fields().get(1).name().equals("cache")) {
      return 1;
    }
    return -1;
  }

  @Override
  public Getter<T> resolve(PathExpr path, Compiler<T> compiler) throws OttlException {
    int i = at(path);
    if (i < 0) {
      return paths.resolve(path, compiler);
    }
    return AttributeFields.getter(path, i, ctx -> cache.apply(ctx).entries(), compiler);
  }

  @Override
  public Setter<T> resolveSetter(PathExpr path, Compiler<T> compiler) throws OttlException {
    int i = at(path);
    if (i < 0) {
      return paths.resolveSetter(path, compiler);
    }
    return AttributeFields.setter(path, i, new AttributeWriter<T, ScratchMap>(cache, ScratchMap::size,
        ScratchMap::get, ScratchMap::entries, ScratchMap::set, ScratchMap::add, ScratchMap::replaceAll), compiler);
  }

  @Override
  public Map<String, Long> enums() {
    return paths.enums();
  }
}
