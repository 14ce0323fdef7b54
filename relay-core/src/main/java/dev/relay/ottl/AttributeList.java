package dev.relay.ottl;

import io.opentelemetry.proto.common.v1.AnyValue;
import java.util.List;

/** A view of an OTLP array value as an OTTL list. */
public record AttributeList(List<AnyValue> items) {
  public Object get(long index) {
    return index < 0 || index >= items.size() ? null : Values.fromAny(items.get((int) index));
  }
}
