package dev.relay.ottl.context;

import dev.relay.ottl.Ast.PathExpr;
import dev.relay.ottl.Compiler;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Setter;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.InstrumentationScopeOrBuilder;
import java.util.function.Function;

/**
 * The fields of an instrumentation scope ({@code name}, {@code version}, {@code attributes}, ...); {@code i} is the
 * index of the field after {@code instrumentation_scope}.
 */
final class ScopeFields {
  private ScopeFields() {}

  static <T> Getter<T> getter(PathExpr path, int i, Function<T, ? extends InstrumentationScopeOrBuilder> scope,
      Compiler<T> c) throws OttlException {
    PathChecks.expectMore(path, i - 1, "instrumentation_scope.name");
    String name = path.fields().get(i).name();
    if (name.equals("attributes")) {
      return AttributeFields.getter(path, i, ctx -> scope.apply(ctx).getAttributesList(), c);
    }
    PathChecks.last(path, i);
    return switch (name) {
      case "name" -> ctx -> scope.apply(ctx).getName();
      case "version" -> ctx -> scope.apply(ctx).getVersion();
      case "dropped_attributes_count" -> ctx -> (long) scope.apply(ctx).getDroppedAttributesCount();
      default -> throw PathChecks.unknown(path, "instrumentation_scope.name, .version, .attributes");
    };
  }

  static <T> Setter<T> setter(PathExpr path, int i, Function<T, InstrumentationScope.Builder> scope,
      Compiler<T> c) throws OttlException {
    PathChecks.expectMore(path, i - 1, "instrumentation_scope.name");
    String name = path.fields().get(i).name();
    if (name.equals("attributes")) {
      return AttributeFields.setter(path, i, new AttributeWriter<>(ctx -> scope.apply(ctx),
          InstrumentationScope.Builder::getAttributesCount, InstrumentationScope.Builder::getAttributes,
          InstrumentationScope.Builder::getAttributesList, InstrumentationScope.Builder::setAttributes,
          InstrumentationScope.Builder::addAttributes, (b, list) -> b.clearAttributes().addAllAttributes(list)), c);
    }
    PathChecks.last(path, i);
    return switch (name) {
      case "name" -> (ctx, v) -> scope.apply(ctx).setName(FieldValues.string(path, v));
      case "version" -> (ctx, v) -> scope.apply(ctx).setVersion(FieldValues.string(path, v));
      case "dropped_attributes_count" ->
          (ctx, v) -> scope.apply(ctx).setDroppedAttributesCount((int) FieldValues.integer(path, v));
      default -> throw PathChecks.unknown(path, "instrumentation_scope.name, .version, .attributes");
    };
  }
}
