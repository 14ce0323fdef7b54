package dev.relay.ottl.context;

import dev.relay.ottl.Ast.PathExpr;
import dev.relay.ottl.Compiler;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Setter;
import dev.relay.ottl.Timestamp;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.function.Function;

/**
 * The fields of a span event ({@code name}, {@code time}, {@code attributes}, ...), as getters on a message or
 * builder and as setters on a builder.
 */
final class SpanEventFields {
  private static final String EVENT_FIELDS = "name, time, time_unix_nano, attributes, dropped_attributes_count";

  private SpanEventFields() {}

  static <T> Getter<T> getter(PathExpr path, int i, Function<T, ? extends Span.EventOrBuilder> event,
      Getter<T> name, Compiler<T> c) throws OttlException {
    String field = path.fields().get(i).name();
    if (field.equals("attributes")) {
      return AttributeFields.getter(path, i, ctx -> event.apply(ctx).getAttributesList(), c);
    }
    PathChecks.last(path, i);
    return switch (field) {
      case "name" -> name;
      case "time" -> ctx -> new Timestamp(event.apply(ctx).getTimeUnixNano());
      case "time_unix_nano" -> ctx -> event.apply(ctx).getTimeUnixNano();
      case "dropped_attributes_count" -> ctx -> (long) event.apply(ctx).getDroppedAttributesCount();
      default -> throw PathChecks.unknown(path, EVENT_FIELDS + ", span.*, resource.*, instrumentation_scope.*");
    };
  }

  static <T> Setter<T> setter(PathExpr path, int i, Function<T, Span.Event.Builder> event, Compiler<T> c)
      throws OttlException {
    String field = path.fields().get(i).name();
    if (field.equals("attributes")) {
      return AttributeFields.setter(path, i, new AttributeWriter<>(ctx -> event.apply(ctx),
          Span.Event.Builder::getAttributesCount, Span.Event.Builder::getAttributes,
          Span.Event.Builder::getAttributesList, Span.Event.Builder::setAttributes, Span.Event.Builder::addAttributes,
          (b, list) -> b.clearAttributes().addAllAttributes(list)), c);
    }
    PathChecks.last(path, i);
    return switch (field) {
      case "name" -> (ctx, v) -> event.apply(ctx).setName(FieldValues.string(path, v));
      case "time" -> (ctx, v) -> event.apply(ctx).setTimeUnixNano(FieldValues.time(path, v));
      case "time_unix_nano" -> (ctx, v) -> event.apply(ctx).setTimeUnixNano(FieldValues.integer(path, v));
      case "dropped_attributes_count" ->
          (ctx, v) -> event.apply(ctx).setDroppedAttributesCount((int) FieldValues.integer(path, v));
      default -> throw PathChecks.unknown(path, EVENT_FIELDS);
    };
  }
}
