package dev.relay.ottl.context;

import dev.relay.ottl.Ast.PathExpr;
import dev.relay.ottl.Compiler;
import dev.relay.ottl.Converters;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.PathResolver;
import dev.relay.ottl.Timestamp;
import java.util.Map;

/**
 * Paths of the {@code spanevent} context: the event's {@code name}, {@code time}, {@code time_unix_nano},
 * {@code attributes}, {@code dropped_attributes_count}; the enclosing {@code span.*}, {@code resource.*} and
 * {@code instrumentation_scope.*}. A leading {@code spanevent.} is accepted, as in newer Collector releases.
 */
public final class SpanEventPaths implements PathResolver<SpanEventContext> {
  public static final SpanEventPaths INSTANCE = new SpanEventPaths();
  private static final String KNOWN = "name, time, time_unix_nano, attributes, dropped_attributes_count, span.*, "
      + "resource.*, instrumentation_scope.*";

  private SpanEventPaths() {}

  public static Compiler<SpanEventContext> compiler() {
    return new Compiler<>(INSTANCE, Converters.standard());
  }

  @Override
  public Getter<SpanEventContext> resolve(PathExpr path, Compiler<SpanEventContext> c) throws OttlException {
    int i = 0;
    if (path.fields().get(0).name().equals("spanevent") && path.fields().size() > 1) {
      Fields.noKeys(path, 0);
      i = 1;
    }
    String name = path.fields().get(i).name();
    switch (name) {
      case "span":
        Fields.expectMore(path, i, "span.name");
        Fields.noKeys(path, i);
        return Fields.span(path, i + 1, SpanEventContext::span, c);
      case "resource":
        Fields.noKeys(path, i);
        return Fields.resource(path, i + 1, SpanEventContext::resource, c);
      case "instrumentation_scope":
        Fields.noKeys(path, i);
        return Fields.scope(path, i + 1, SpanEventContext::scope, c);
      case "attributes":
        return Fields.attributes(path, i, ctx -> ctx.event().getAttributesList(), c);
      default:
        break;
    }
    Fields.last(path, i);
    return switch (name) {
      case "name" -> SpanEventContext::eventName;
      case "time" -> ctx -> new Timestamp(ctx.event().getTimeUnixNano());
      case "time_unix_nano" -> ctx -> ctx.event().getTimeUnixNano();
      case "dropped_attributes_count" -> ctx -> (long) ctx.event().getDroppedAttributesCount();
      default -> throw Fields.unknown(path, KNOWN);
    };
  }

  @Override
  public Map<String, Long> enums() {
    return TraceEnums.ALL;
  }
}
