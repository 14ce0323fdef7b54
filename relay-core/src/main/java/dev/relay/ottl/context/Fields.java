package dev.relay.ottl.context;

import dev.relay.ottl.Ast.Field;
import dev.relay.ottl.Ast.PathExpr;
import dev.relay.ottl.AttributeMap;
import dev.relay.ottl.Compiler;
import dev.relay.ottl.Getter;
import dev.relay.ottl.Id;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Timestamp;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import java.util.function.Function;

/** Compiles the path fields of spans, resources and scopes against any context that can reach them. */
final class Fields {
  static final String SPAN_FIELDS = "name, kind, trace_id, span_id, parent_span_id, trace_state, status.code, "
      + "status.message, start_time_unix_nano, end_time_unix_nano, start_time, end_time, attributes, "
      + "dropped_attributes_count, dropped_events_count, dropped_links_count";

  private Fields() {}

  /** Compiles {@code fields[i..]} as span fields of the span {@code span} returns. */
  static <T> Getter<T> span(PathExpr path, int i, Function<T, Span> span, Compiler<T> c) throws OttlException {
    List<Field> f = path.fields();
    String name = f.get(i).name();
    switch (name) {
      case "attributes":
        return attributes(path, i, ctx -> span.apply(ctx).getAttributesList(), c);
      case "trace_id":
        return id(path, i, ctx -> span.apply(ctx).getTraceId());
      case "span_id":
        return id(path, i, ctx -> span.apply(ctx).getSpanId());
      case "parent_span_id":
        return id(path, i, ctx -> span.apply(ctx).getParentSpanId());
      case "status":
        expectMore(path, i, "status.code or status.message");
        String sub = f.get(i + 1).name();
        last(path, i + 1);
        if (sub.equals("code")) {
          return ctx -> (long) span.apply(ctx).getStatus().getCodeValue();
        }
        if (sub.equals("message")) {
          return ctx -> span.apply(ctx).getStatus().getMessage();
        }
        throw unknown(path, SPAN_FIELDS);
      default:
        break;
    }
    last(path, i);
    return switch (name) {
      case "name" -> ctx -> span.apply(ctx).getName();
      case "kind" -> ctx -> (long) span.apply(ctx).getKindValue();
      case "trace_state" -> ctx -> span.apply(ctx).getTraceState();
      case "start_time_unix_nano" -> ctx -> span.apply(ctx).getStartTimeUnixNano();
      case "end_time_unix_nano" -> ctx -> span.apply(ctx).getEndTimeUnixNano();
      case "start_time" -> ctx -> new Timestamp(span.apply(ctx).getStartTimeUnixNano());
      case "end_time" -> ctx -> new Timestamp(span.apply(ctx).getEndTimeUnixNano());
      case "dropped_attributes_count" -> ctx -> (long) span.apply(ctx).getDroppedAttributesCount();
      case "dropped_events_count" -> ctx -> (long) span.apply(ctx).getDroppedEventsCount();
      case "dropped_links_count" -> ctx -> (long) span.apply(ctx).getDroppedLinksCount();
      default -> throw unknown(path, SPAN_FIELDS);
    };
  }

  static <T> Getter<T> resource(PathExpr path, int i, Function<T, Resource> resource, Compiler<T> c)
      throws OttlException {
    expectMore(path, i - 1, "resource.attributes");
    String name = path.fields().get(i).name();
    if (name.equals("attributes")) {
      return attributes(path, i, ctx -> resource.apply(ctx).getAttributesList(), c);
    }
    last(path, i);
    if (name.equals("dropped_attributes_count")) {
      return ctx -> (long) resource.apply(ctx).getDroppedAttributesCount();
    }
    throw unknown(path, "resource.attributes, resource.dropped_attributes_count");
  }

  static <T> Getter<T> scope(PathExpr path, int i, Function<T, InstrumentationScope> scope, Compiler<T> c)
      throws OttlException {
    expectMore(path, i - 1, "instrumentation_scope.name");
    String name = path.fields().get(i).name();
    if (name.equals("attributes")) {
      return attributes(path, i, ctx -> scope.apply(ctx).getAttributesList(), c);
    }
    last(path, i);
    return switch (name) {
      case "name" -> ctx -> scope.apply(ctx).getName();
      case "version" -> ctx -> scope.apply(ctx).getVersion();
      case "dropped_attributes_count" -> ctx -> (long) scope.apply(ctx).getDroppedAttributesCount();
      default -> throw unknown(path, "instrumentation_scope.name, .version, .attributes");
    };
  }

  static <T> Getter<T> attributes(
      PathExpr path, int i, Function<T, List<io.opentelemetry.proto.common.v1.KeyValue>> list, Compiler<T> c)
      throws OttlException {
    last(path, i);
    Getter<T> map = ctx -> new AttributeMap(list.apply(ctx));
    List<dev.relay.ottl.Ast.Expr> keys = path.fields().get(i).keys();
    if (keys.isEmpty()) {
      return map;
    }
    // The first key is by far the common case: look it up in the list directly, without a map view.
    if (keys.get(0) instanceof dev.relay.ottl.Ast.Literal lit && lit.value() instanceof String key) {
      Getter<T> first = ctx -> lookup(list.apply(ctx), key);
      return c.withKeys(first, keys.subList(1, keys.size()));
    }
    return c.withKeys(map, keys);
  }

  private static Object lookup(List<io.opentelemetry.proto.common.v1.KeyValue> attrs, String key) {
    for (int k = 0, n = attrs.size(); k < n; k++) {
      var kv = attrs.get(k);
      if (kv.getKey().equals(key)) {
        return dev.relay.ottl.Values.fromAny(kv.getValue());
      }
    }
    return null;
  }

  private static <T> Getter<T> id(PathExpr path, int i, Function<T, com.google.protobuf.ByteString> bytes)
      throws OttlException {
    List<Field> f = path.fields();
    noKeys(path, i);
    if (i + 1 < f.size()) {
      if (!f.get(i + 1).name().equals("string")) {
        throw unknown(path, f.get(i).name() + " or " + f.get(i).name() + ".string");
      }
      last(path, i + 1);
      return ctx -> Id.hex(bytes.apply(ctx));
    }
    return ctx -> new Id(bytes.apply(ctx));
  }

  static void expectMore(PathExpr path, int i, String example) throws OttlException {
    if (i + 1 >= path.fields().size()) {
      throw new OttlException("path '" + path.dotted() + "' is incomplete (e.g. " + example + ") at column "
          + (path.pos() + 1));
    }
  }

  static void last(PathExpr path, int i) throws OttlException {
    if (i + 1 < path.fields().size()) {
      throw new OttlException("unknown path '" + path.dotted() + "' at column " + (path.pos() + 1));
    }
    if (!path.fields().get(i).name().equals("attributes")) {
      noKeys(path, i);
    }
  }

  static void noKeys(PathExpr path, int i) throws OttlException {
    if (!path.fields().get(i).keys().isEmpty()) {
      throw new OttlException("'" + path.fields().get(i).name() + "' does not take [keys] (column "
          + (path.pos() + 1) + ")");
    }
  }

  static OttlException unknown(PathExpr path, String known) {
    return new OttlException("unknown path '" + path.dotted() + "' at column " + (path.pos() + 1) + " (known: "
        + known + ")");
  }
}
