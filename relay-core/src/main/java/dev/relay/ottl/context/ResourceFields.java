package dev.relay.ottl.context;

import dev.relay.ottl.Ast.PathExpr;
import dev.relay.ottl.Compiler;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Setter;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.resource.v1.ResourceOrBuilder;
import java.util.function.Function;

/**
 * The fields of a resource, {@code resource.attributes} and {@code resource.dropped_attributes_count}; {@code i} is
 * the index of the field after {@code resource}.
 */
final class ResourceFields {
  private ResourceFields() {}

  static <T> Getter<T> getter(PathExpr path, int i, Function<T, ? extends ResourceOrBuilder> resource,
      Compiler<T> c) throws OttlException {
    PathChecks.expectMore(path, i - 1, "resource.attributes");
    String name = path.fields().get(i).name();
    if (name.equals("attributes")) {
      return AttributeFields.getter(path, i, ctx -> resource.apply(ctx).getAttributesList(), c);
    }
    PathChecks.last(path, i);
    if (name.equals("dropped_attributes_count")) {
      return ctx -> (long) resource.apply(ctx).getDroppedAttributesCount();
    }
    throw PathChecks.unknown(path, "resource.attributes, resource.dropped_attributes_count");
  }

  static <T> Setter<T> setter(PathExpr path, int i, Function<T, Resource.Builder> resource,
      Compiler<T> c) throws OttlException {
    PathChecks.expectMore(path, i - 1, "resource.attributes");
    String name = path.fields().get(i).name();
    if (name.equals("attributes")) {
      return AttributeFields.setter(path, i, new AttributeWriter<>(ctx -> resource.apply(ctx),
          Resource.Builder::getAttributesCount, Resource.Builder::getAttributes, Resource.Builder::getAttributesList,
          Resource.Builder::setAttributes, Resource.Builder::addAttributes,
          (b, list) -> b.clearAttributes().addAllAttributes(list)), c);
    }
    PathChecks.last(path, i);
    if (name.equals("dropped_attributes_count")) {
      return (ctx, v) -> resource.apply(ctx).setDroppedAttributesCount((int) FieldValues.integer(path, v));
    }
    throw PathChecks.unknown(path, "resource.attributes, resource.dropped_attributes_count");
  }
}
