package dev.relay.ottl;

import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;

/** A view of OTLP attributes (or a kvlist value) as an OTTL map; lookups scan, as attribute lists are short. */
public record AttributeMap(List<KeyValue> entries) {
  public Object get(String key) {
    for (int i = 0, n = entries.size(); i < n; i++) {
      KeyValue kv = entries.get(i);
      if (kv.getKey().equals(key)) {
        return Values.fromAny(kv.getValue());
      }
    }
    return null;
  }
}
