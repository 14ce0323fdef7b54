package dev.relay.ottl.context;

import dev.relay.ottl.Ast.PathExpr;
import dev.relay.ottl.Compiler;
import dev.relay.ottl.Converters;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.PathResolver;
import dev.relay.ottl.Setter;
import dev.relay.ottl.Utf8PrefixGetter;
import dev.relay.ottl.editor.Editors;
import java.util.Map;
import java.util.Set;

/**
 * Paths of the {@code spanevent} context: the event's {@code name}, {@code time}, {@code time_unix_nano},
 * {@code attributes}, {@code dropped_attributes_count}; the enclosing {@code span.*}, {@code resource.*} and
 * {@code instrumentation_scope.*}. A leading {@code spanevent.} is accepted, as in newer Collector releases.
 */
public final class SpanEventPaths implements PathResolver<SpanEventContext> {
  /** The event's name, which IsMatch on an anchored literal tests in the request's bytes. */
  private static final Utf8PrefixGetter<SpanEventContext> EVENT_NAME = new Utf8PrefixGetter<>() {
    @Override
    public Object get(SpanEventContext ctx) {
      return ctx.eventName();
    }

    @Override
    public boolean startsWithAny(SpanEventContext ctx, String[] prefixes, byte[][] utf8) {
      return ctx.eventNameStartsWith(prefixes, utf8);
    }
  };

  public static final SpanEventPaths INSTANCE = new SpanEventPaths();

  private SpanEventPaths() {}

  public static Compiler<SpanEventContext> compiler() {
    return new Compiler<>(CachePaths.with(INSTANCE, Set.of("spanevent"), ctx -> ctx.cache),
        Converters.standard(), Editors.standard());
  }

  private static int start(PathExpr path) throws OttlException {
    if (path.fields().get(0).name().equals("spanevent") && path.fields().size() > 1) {
      PathChecks.noKeys(path, 0);
      return 1;
    }
    return 0;
  }

  @Override
  public Getter<SpanEventContext> resolve(PathExpr path, Compiler<SpanEventContext> c) throws OttlException {
    int i = start(path);
    Getter<SpanEventContext> wire = wireAttribute(path, i, c);
    if (wire != null) {
      return wire;
    }
    switch (path.fields().get(i).name()) {
      case "span":
        PathChecks.expectMore(path, i, "span.name");
        PathChecks.noKeys(path, i);
        // the span's own fields without decoding its attributes and events (attributes["k"] is read above)
        return path.fields().get(i + 1).name().equals("attributes")
            ? SpanFields.getter(path, i + 1, SpanEventContext::span, c)
            : SpanFields.getter(path, i + 1, SpanEventContext::spanFields, c);
      case "resource":
        PathChecks.noKeys(path, i);
        return ResourceFields.getter(path, i + 1, SpanEventContext::resource, c);
      case "instrumentation_scope", "scope":
        PathChecks.noKeys(path, i);
        return ScopeFields.getter(path, i + 1, SpanEventContext::scope, c);
      default:
        return SpanEventFields.getter(path, i, SpanEventContext::event, EVENT_NAME, c);
    }
  }

  /**
   * {@code attributes["k"]}, {@code span.attributes["k"]} and {@code resource.attributes["k"]} (with any further
   * keys) are looked up straight in the request bytes when the context walks them: a route reading one attribute
   * decodes that value, not the event or span around it. Null for any other path.
   */
  private static Getter<SpanEventContext> wireAttribute(PathExpr path, int i, Compiler<SpanEventContext> c)
      throws OttlException {
    var fields = path.fields();
    String owner = fields.size() == i + 2 ? fields.get(i).name() : fields.size() == i + 1 ? "" : null;
    var last = fields.get(fields.size() - 1);
    if (owner == null || !last.name().equals("attributes") || last.keys().isEmpty()
        || !(last.keys().get(0) instanceof dev.relay.ottl.Ast.Literal lit) || !(lit.value() instanceof String key)
        || (fields.size() == i + 2 && !fields.get(i).keys().isEmpty())) {
      return null;
    }
    byte[] k = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Getter<SpanEventContext> first = switch (owner) {
      case "" -> ctx -> ctx.eventAttribute(k);
      case "span" -> ctx -> ctx.spanAttribute(k);
      case "resource" -> ctx -> ctx.resourceAttribute(k);
      default -> null;
    };
    return first == null ? null : c.withKeys(first, last.keys().subList(1, last.keys().size()));
  }

  @Override
  public Setter<SpanEventContext> resolveSetter(PathExpr path, Compiler<SpanEventContext> c) throws OttlException {
    int i = start(path);
    switch (path.fields().get(i).name()) {
      case "span":
        PathChecks.expectMore(path, i, "span.name");
        PathChecks.noKeys(path, i);
        return SpanFields.setter(path, i + 1, SpanEventContext::span, SpanEventContext::spanBuilder, c);
      case "resource":
        PathChecks.noKeys(path, i);
        return ResourceFields.setter(path, i + 1, SpanEventContext::resourceBuilder, c);
      case "instrumentation_scope", "scope":
        PathChecks.noKeys(path, i);
        return ScopeFields.setter(path, i + 1, SpanEventContext::scopeBuilder, c);
      default:
        return SpanEventFields.setter(path, i, SpanEventContext::eventBuilder, c);
    }
  }

  @Override
  public Map<String, Long> enums() {
    return TraceEnums.ALL;
  }
}
