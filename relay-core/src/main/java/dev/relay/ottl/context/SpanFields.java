package dev.relay.ottl.context;

import dev.relay.ottl.Ast.Field;
import dev.relay.ottl.Ast.PathExpr;
import dev.relay.ottl.Compiler;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Setter;
import dev.relay.ottl.Timestamp;
import dev.relay.otlp.WireSpan;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.SpanOrBuilder;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.List;
import java.util.function.Function;

/**
 * The fields of a span ({@code name}, {@code kind}, ids, {@code status.*}, times, {@code attributes}, counts), as
 * getters on a message or builder and as setters on a builder, for any context that reaches a span.
 */
final class SpanFields {
  private static final String SPAN_FIELDS = "name, kind, trace_id, span_id, parent_span_id, trace_state, "
      + "trace_state[\"k\"], status.code, status.message, start_time_unix_nano, end_time_unix_nano, start_time, end_time, attributes, "
      + "dropped_attributes_count, dropped_events_count, dropped_links_count";

  private SpanFields() {}

  /** The one string literal key of {@code trace_state["k"]}. */
  private static String traceStateKey(PathExpr path, int i) throws OttlException {
    List<dev.relay.ottl.Ast.Expr> keys = path.fields().get(i).keys();
    if (i + 1 != path.fields().size() || keys.size() != 1
        || !(keys.get(0) instanceof dev.relay.ottl.Ast.Literal lit) || !(lit.value() instanceof String)) {
      throw new OttlException("trace_state takes exactly one string key, as in trace_state[\"vendor\"] (column "
          + (path.pos() + 1) + ")");
    }
    return (String) ((dev.relay.ottl.Ast.Literal) keys.get(0)).value();
  }

  static <T> Getter<T> getter(PathExpr path, int i, Function<T, ? extends SpanOrBuilder> span, Compiler<T> c)
      throws OttlException {
    List<Field> f = path.fields();
    String name = f.get(i).name();
    switch (name) {
      case "attributes":
        return AttributeFields.getter(path, i, ctx -> span.apply(ctx).getAttributesList(), c);
      case "trace_id":
        return IdFields.getter(path, i, ctx -> span.apply(ctx).getTraceId());
      case "span_id":
        return IdFields.getter(path, i, ctx -> span.apply(ctx).getSpanId());
      case "parent_span_id":
        return IdFields.getter(path, i, ctx -> span.apply(ctx).getParentSpanId());
      case "trace_state":
        if (!f.get(i).keys().isEmpty()) {
          String key = traceStateKey(path, i);
          return ctx -> TraceStates.get(span.apply(ctx).getTraceState(), key);
        }
        break;
      case "status":
        PathChecks.expectMore(path, i, "status.code or status.message");
        String sub = f.get(i + 1).name();
        PathChecks.last(path, i + 1);
        if (sub.equals("code")) {
          return ctx -> (long) span.apply(ctx).getStatus().getCodeValue();
        }
        if (sub.equals("message")) {
          return ctx -> span.apply(ctx).getStatus().getMessage();
        }
        throw PathChecks.unknown(path, SPAN_FIELDS);
      default:
        break;
    }
    PathChecks.last(path, i);
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
      default -> throw PathChecks.unknown(path, SPAN_FIELDS);
    };
  }

  /**
   * Setters of span fields. {@code view} is the span as the context holds it: attributes are changed through it,
   * so that a span still in the request's bytes is not decoded for that; other fields go through {@code span}.
   */
  static <T> Setter<T> setter(PathExpr path, int i, Function<T, ? extends SpanOrBuilder> view,
      Function<T, Span.Builder> span, Compiler<T> c) throws OttlException {
    List<Field> f = path.fields();
    String name = f.get(i).name();
    switch (name) {
      case "attributes":
        return AttributeFields.setter(path, i, new AttributeWriter<T, SpanOrBuilder>(view::apply,
            SpanOrBuilder::getAttributesCount, SpanOrBuilder::getAttributes, SpanOrBuilder::getAttributesList,
            WireSpan::setAttribute, WireSpan::addAttribute, WireSpan::replaceAttributes), c);
      case "trace_id":
        PathChecks.last(path, i);
        return (ctx, v) -> span.apply(ctx).setTraceId(IdFields.bytes(path, v, 16));
      case "span_id":
        PathChecks.last(path, i);
        return (ctx, v) -> span.apply(ctx).setSpanId(IdFields.bytes(path, v, 8));
      case "parent_span_id":
        PathChecks.last(path, i);
        return (ctx, v) -> span.apply(ctx).setParentSpanId(IdFields.bytes(path, v, 8));
      case "trace_state":
        if (!f.get(i).keys().isEmpty()) {
          String key = traceStateKey(path, i);
          return (ctx, v) -> {
            if (v instanceof String value) {
              Span.Builder b = span.apply(ctx);
              String updated = TraceStates.insert(b.getTraceState(), key, value);
              if (updated != null) {
                b.setTraceState(updated);
              }
            }
          };
        }
        break;
      case "status":
        PathChecks.expectMore(path, i, "status.code or status.message");
        PathChecks.last(path, i + 1);
        String sub = f.get(i + 1).name();
        if (sub.equals("code")) {
          return (ctx, v) -> {
            long code = FieldValues.integer(path, v);
            Status.Builder st = span.apply(ctx).getStatusBuilder();
            st.setCodeValue((int) code);
          };
        }
        if (sub.equals("message")) {
          return (ctx, v) -> span.apply(ctx).getStatusBuilder().setMessage(FieldValues.string(path, v));
        }
        throw PathChecks.unknown(path, SPAN_FIELDS);
      default:
        break;
    }
    PathChecks.last(path, i);
    return switch (name) {
      case "name" -> (ctx, v) -> span.apply(ctx).setName(FieldValues.string(path, v));
      case "kind" -> (ctx, v) -> span.apply(ctx).setKindValue((int) FieldValues.integer(path, v));
      case "trace_state" -> (ctx, v) -> span.apply(ctx).setTraceState(FieldValues.string(path, v));
      case "start_time_unix_nano" -> (ctx, v) -> span.apply(ctx).setStartTimeUnixNano(FieldValues.integer(path, v));
      case "end_time_unix_nano" -> (ctx, v) -> span.apply(ctx).setEndTimeUnixNano(FieldValues.integer(path, v));
      case "start_time" -> (ctx, v) -> span.apply(ctx).setStartTimeUnixNano(FieldValues.time(path, v));
      case "end_time" -> (ctx, v) -> span.apply(ctx).setEndTimeUnixNano(FieldValues.time(path, v));
      case "dropped_attributes_count" ->
          (ctx, v) -> span.apply(ctx).setDroppedAttributesCount((int) FieldValues.integer(path, v));
      case "dropped_events_count" ->
          (ctx, v) -> span.apply(ctx).setDroppedEventsCount((int) FieldValues.integer(path, v));
      case "dropped_links_count" ->
          (ctx, v) -> span.apply(ctx).setDroppedLinksCount((int) FieldValues.integer(path, v));
      default -> throw PathChecks.unknown(path, SPAN_FIELDS);
    };
  }
}
